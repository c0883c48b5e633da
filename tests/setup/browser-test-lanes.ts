/**
 * Which CI lane runs each browser test (docs/decisions/041-browser-tests-split-across-ci-lanes.md).
 *
 * CI runs `npm test` twice, on embedded PGlite and on PostgreSQL + Redis, with TEST_LANE set to
 * `embedded` or `postgres`. Unit, integration and resilience tests run in both lanes (they prove the
 * two databases behave alike); a browser test drives the portal end to end and runs in one lane:
 * the OF's side and the page audit on the demo configuration (`npm start`'s embedded database), the
 * funders' live side on the production configuration (PostgreSQL, Redis relay). Without TEST_LANE
 * (a developer's `npm test`) every browser test runs.
 *
 * A new browser test must be listed here: tests/unit/browser-test-lanes.test.ts fails otherwise.
 */
export const BROWSER_TEST_LANES = {
  embedded: [
    "attestation.e2e.test.ts",
    "datadocke-updates.e2e.test.ts",
    "form-rules.e2e.test.ts",
    "keyboard.e2e.test.ts",
    "of-dossier.e2e.test.ts",
    "own-data.e2e.test.ts",
    "page-audit-of.e2e.test.ts",
    "shell.e2e.test.ts",
    "signup.e2e.test.ts",
    "way-back.e2e.test.ts",
  ],
  postgres: [
    "collab-documents.e2e.test.ts",
    "directory.e2e.test.ts",
    "evidence-viewer.e2e.test.ts",
    "expert-opinion.e2e.test.ts",
    "funder-examination.e2e.test.ts",
    "live-activity.e2e.test.ts",
    "live-review.e2e.test.ts",
    "page-audit-funders.e2e.test.ts",
    "review-room.e2e.test.ts",
    "threads-live.e2e.test.ts",
  ],
} as const;

export type TestLane = keyof typeof BROWSER_TEST_LANES;

export function isTestLane(value: string | undefined): value is TestLane {
  return value === "embedded" || value === "postgres";
}

/** Browser test files (under tests/e2e/) the given lane leaves to the other one. */
export function browserTestsOutsideLane(lane: TestLane): string[] {
  return Object.entries(BROWSER_TEST_LANES)
    .filter(([name]) => name !== lane)
    .flatMap(([, files]) => files.map((file) => `tests/e2e/${file}`));
}

/** The browser tests this run leaves out: the other lane's, when TEST_LANE names one; none otherwise. */
export function browserTestsLeftOut(lane: string | undefined = process.env.TEST_LANE): string[] {
  return isTestLane(lane) ? browserTestsOutsideLane(lane) : [];
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
