import { defineConfig } from "vitest/config";

/**
 * The fast lane (`npm run test:unit`): tests of pure code only — no server, no browser, no database,
 * no Remix build. There is no global setup here, so a test that asks for a database fails at once
 * instead of slowing the lane down: it belongs in the full suite (`npm test`, vitest.config.ts).
 */
export const UNIT_TESTS = ["tests/unit/**/*.test.ts", "domain/**/*.test.ts", "collab/**/*.test.ts"];

export default defineConfig({
  test: {
    include: UNIT_TESTS,
    exclude: ["**/node_modules/**"],
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    pool: "threads",
    testTimeout: 10_000,
    reporters: ["default"],
  },
});
