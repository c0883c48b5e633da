import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { RunOutcome } from "../../setup/run-outcome-reporter";

const run = promisify(execFile);
const root = resolve(__dirname, "../../..");

/**
 * CI's summary names the failed and the retried tests (.ci/run keeps only the end of its output): a real
 * vitest run, with CI's retry and outcome file, over sample tests, then CI's summary script over its outcome.
 */
describe("CI's test outcome", () => {
  // Inside the project (its .cache/ is ignored by git and by the suite), so the samples resolve vitest.
  mkdirSync(join(root, ".cache"), { recursive: true });
  const dir = mkdtempSync(join(root, ".cache", "test-outcome-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `tests` (lines of a test file) under vitest as CI (`ci` set) or a developer would; returns what CI reads and prints. */
  async function runSample(name: string, tests: string[], ci: string | undefined) {
    const outcomeFile = join(dir, `${name}.json`);
    const config = join(dir, `${name}.config.ts`);
    writeFileSync(join(dir, `${name}.test.ts`), [`import { expect, it } from "vitest";`, ...tests].join("\n"));
    writeFileSync(
      config,
      [
        `import { defineConfig } from "vitest/config";`,
        `import { retriesOfThisRun, runReporters } from ${JSON.stringify(join(root, "tests/setup/run-outcome-reporter.ts"))};`,
        `export default defineConfig({ test: { include: [${JSON.stringify(`${name}.test.ts`)}],`,
        `  retry: retriesOfThisRun(${JSON.stringify(ci)}), reporters: runReporters(${JSON.stringify(outcomeFile)}) } });`,
      ].join("\n"),
    );
    const vitest = run(join(root, "node_modules/.bin/vitest"), ["run", "--root", dir, "--config", config], { cwd: dir });
    const exitCode = await vitest.then(
      () => 0,
      (error: { code?: number }) => error.code,
    );
    const outcome = JSON.parse(readFileSync(outcomeFile, "utf8")) as RunOutcome;
    const { stdout: summary } = await run(process.execPath, [join(root, ".ci/test-outcome.mjs"), `PGlite=${outcomeFile}`]);
    return { exitCode, outcome, summary };
  }

  it("names the test that failed twice and the one that passed only on its retry", async () => {
    const { exitCode, outcome, summary } = await runSample(
      "mixed",
      [
        `let attempts = 0;`,
        `it("fails every time", () => expect("refusé").toBe("accepté"));`,
        `it("fails the first time", () => expect(++attempts).toBe(2));`,
        `it("passes", () => expect(1).toBe(1));`,
      ],
      "true",
    );
    expect(exitCode).toBe(1);
    expect(outcome.failed).toEqual([expect.objectContaining({ where: "mixed.test.ts > fails every time", retries: 1 })]);
    expect(outcome.failed[0]!.message.join("\n")).toContain("expected 'refusé' to be 'accepté'");
    expect(outcome.flaky).toEqual([expect.objectContaining({ where: "mixed.test.ts > fails the first time", retries: 1 })]);

    expect(summary).toContain("Failed in PGlite:\n  - mixed.test.ts > fails every time (retried 1×)");
    expect(summary).toContain("Passed only on a retry in PGlite:\n  - mixed.test.ts > fails the first time (retried 1×)");
    expect(summary).not.toContain("> passes");
  });

  it("writes an empty outcome for a run where everything passed", async () => {
    const { exitCode, outcome, summary } = await runSample("green", [`it("passes", () => expect(1).toBe(1));`], undefined);
    expect(exitCode).toBe(0);
    expect(outcome).toEqual({ failed: [], flaky: [] });
    expect(summary).toBe("");
  });
});
