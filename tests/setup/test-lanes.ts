/**
 * Which CI lane runs the tests that run in one lane only (docs/decisions/041-browser-tests-split-across-ci-lanes.md,
 * docs/decisions/054-server-surface-tests-in-one-lane.md).
 *
 * CI runs `npm test` twice, on embedded PGlite and on PostgreSQL + Redis, with TEST_LANE set to
 * `embedded` or `postgres`. Without TEST_LANE (a developer's `npm test`) every test runs. In CI:
 * - tests of what the database engine does (queries, migrations, transactions, search, the job
 *   runner, persistence, restarts) run in both lanes: they prove the two databases behave alike;
 * - each browser test runs in one lane: the OF's side and the page audit on the demo configuration
 *   (`npm start`'s embedded database), the funders' live side on the production configuration
 *   (PostgreSQL, Redis relay);
 * - each server-surface test runs in one lane: it drives a real server's HTTP, socket.io or Yjs surface
 *   (validation, limits, headers, authorisation, fuzzers), where the engine behind is incidental. Those
 *   of the demo configuration (the portal as `npm start` runs it) in `embedded`, the rest in `postgres`.
 *
 * Paths are relative to tests/. A new browser test must be listed here: tests/unit/test-lanes.test.ts
 * fails otherwise.
 */
export const ONE_LANE_TESTS = {
  embedded: [
    "e2e/attestation.e2e.test.ts",
    "e2e/datadocke-updates.e2e.test.ts",
    "e2e/form-rules.e2e.test.ts",
    "e2e/keyboard.e2e.test.ts",
    "e2e/of-dossier.e2e.test.ts",
    "e2e/own-data.e2e.test.ts",
    "e2e/page-audit-of.e2e.test.ts",
    "e2e/shell.e2e.test.ts",
    "e2e/signup.e2e.test.ts",
    "e2e/way-back.e2e.test.ts",
    "integration/server/portal.test.ts",
    "integration/server/demo-mailbox.test.ts",
    "integration/checks/ci-outcome.test.ts",
  ],
  postgres: [
    "e2e/collab-documents.e2e.test.ts",
    "e2e/directory.e2e.test.ts",
    "e2e/evidence-viewer.e2e.test.ts",
    "e2e/expert-opinion.e2e.test.ts",
    "e2e/funder-examination.e2e.test.ts",
    "e2e/live-activity.e2e.test.ts",
    "e2e/live-review.e2e.test.ts",
    "e2e/page-audit-funders.e2e.test.ts",
    "e2e/review-room.e2e.test.ts",
    "e2e/threads-live.e2e.test.ts",
    "integration/access/access-doors.test.ts",
    "integration/funders/who-decides.test.ts",
    "integration/server/api-server.test.ts",
    "integration/server/demo-mode.test.ts",
    "integration/server/login-throttle-http.test.ts",
    "integration/server/security-headers.test.ts",
    "integration/ui/flash-and-errors.test.ts",
    "resilience/authorisation-matrix.test.ts",
    "resilience/bad-input-classes.test.ts",
    "resilience/bad-input.test.ts",
    "resilience/collab-fuzz.test.ts",
    "resilience/presence-fuzz.test.ts",
    "resilience/request-limits.test.ts",
  ],
} as const;

export type TestLane = keyof typeof ONE_LANE_TESTS;

export function isTestLane(value: string | undefined): value is TestLane {
  return value === "embedded" || value === "postgres";
}

/** Test files (as `tests/<path>`) the given lane leaves to the other one. */
export function testsOutsideLane(lane: TestLane): string[] {
  return Object.entries(ONE_LANE_TESTS)
    .filter(([name]) => name !== lane)
    .flatMap(([, files]) => files.map((file) => `tests/${file}`));
}

/** The tests this run leaves out: the other lane's, when TEST_LANE names one; none otherwise. */
export function testsLeftOut(lane: string | undefined = process.env.TEST_LANE): string[] {
  return isTestLane(lane) ? testsOutsideLane(lane) : [];
}

/**
 * The share of a large generated matrix (the malformed-input fuzz) this run takes: in CI each lane
 * takes every other case, so the two lanes together send every case once and each database gets
 * half of every route's cases; without TEST_LANE every case runs.
 */
export function casesOfThisLane<T>(cases: readonly T[], lane: string | undefined = process.env.TEST_LANE): T[] {
  if (!isTestLane(lane)) return [...cases];
  const parity = lane === "embedded" ? 0 : 1;
  return cases.filter((_, index) => index % 2 === parity);
}
