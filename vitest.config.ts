import { defineConfig } from "vitest/config";
import { UNIT_TESTS } from "./vitest.unit.config";
import { browserTestsLeftOut } from "./tests/setup/browser-test-lanes";

// CI's two lanes each run the browser tests listed for them (tests/setup/browser-test-lanes.ts);
// without TEST_LANE every test runs.
const otherLanesBrowserTests = browserTestsLeftOut();

/** The full suite (`npm test`): the fast lane's tests plus everything that needs a database, a server or a browser. */
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", ...UNIT_TESTS],
    exclude: ["**/node_modules/**", "tests/bench/**", ...otherLanesBrowserTests],
    globalSetup: ["tests/setup/ensure-build.ts", "tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    pool: "forks",
    // One module graph per worker, not per file: PGlite's WebAssembly, Kysely and the domain load once per
    // worker (the PGlite lane ran in about half the time). Files still share nothing else: each makes its
    // own database and servers.
    isolate: false,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
