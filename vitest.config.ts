import { defineConfig } from "vitest/config";
import { UNIT_TESTS } from "./vitest.unit.config";
import { testsLeftOut } from "./tests/setup/test-lanes";
import HeaviestFirst from "./tests/setup/heaviest-first";
import { BARRIER_TIMEOUT_MS } from "./tests/setup/barrier";
import { retriesOfThisRun, runReporters } from "./tests/setup/run-outcome-reporter";

// CI's two lanes each leave out the one-lane tests listed for the other (tests/setup/test-lanes.ts);
// without TEST_LANE every test runs.
const otherLanesTests = testsLeftOut();

/** The full suite (`npm test`): the fast lane's tests plus everything that needs a database, a server or a browser. */
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", ...UNIT_TESTS],
    exclude: ["**/node_modules/**", "tests/bench/**", ...otherLanesTests],
    globalSetup: ["tests/setup/ensure-build.ts", "tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    pool: "forks",
    // The longest files first, so none runs alone at the end (tests/setup/heaviest-first.ts).
    sequence: { sequencer: HeaviestFirst },
    // One module graph per worker, not per file: PGlite's WebAssembly, Kysely and the domain load once per
    // worker (the PGlite lane ran in about half the time). Files still share nothing else: each makes its
    // own database and servers.
    isolate: false,
    maxWorkers: 2,
    // A safety net, not a speed target (those live in the benchmarks): a browser flow of three contexts on a
    // loaded two-core CI machine once took more than 30 s.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // `expect.poll` is a barrier: it returns as soon as its assertion holds (tests/setup/barrier.ts).
    expect: { poll: { timeout: BARRIER_TIMEOUT_MS, interval: 50 } },
    // CI retries a failed test once and names it in its summary (tests/setup/run-outcome-reporter.ts).
    retry: retriesOfThisRun(),
    reporters: runReporters(),
  },
});
