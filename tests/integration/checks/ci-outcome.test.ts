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
 * vitest run, with CI's retry and outcome file, over tests that fail always, fail once, and pass.
 */
describe("CI's test outcome", () => {
  // Inside the project (its .cache/ is ignored by git and by the suite), so the sample resolves vitest.
  mkdirSync(join(root, ".cache"), { recursive: true });
  const dir = mkdtempSync(join(root, ".cache", "test-outcome-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names the test that failed twice and the one that passed only on its retry", async () => {
    writeFileSync(
      join(dir, "sample.test.ts"),
      [
        `import { expect, it } from "vitest";`,
        `let attempts = 0;`,
        `it("fails every time", () => expect("refusé").toBe("accepté"));`,
        `it("fails the first time", () => expect(++attempts).toBe(2));`,
        `it("passes", () => expect(1).toBe(1));`,
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "vitest.config.ts"),
      [
        `import { defineConfig } from "vitest/config";`,
        `import { retriesOfThisRun, runReporters } from ${JSON.stringify(join(root, "tests/setup/run-outcome-reporter.ts"))};`,
        `export default defineConfig({ test: { include: ["sample.test.ts"], retry: retriesOfThisRun("true"),`,
        `  reporters: runReporters(${JSON.stringify(join(dir, "outcome.json"))}) } });`,
      ].join("\n"),
    );
    const vitest = join(root, "node_modules/.bin/vitest");
    const failedRun = run(vitest, ["run", "--root", dir], { cwd: dir }).catch((error: { code?: number }) => error);
    expect((await failedRun) as { code?: number }).toMatchObject({ code: 1 });

    const outcome = JSON.parse(readFileSync(join(dir, "outcome.json"), "utf8")) as RunOutcome;
    expect(outcome.failed).toEqual([expect.objectContaining({ where: "sample.test.ts > fails every time", retries: 1 })]);
    expect(outcome.failed[0]!.message.join("\n")).toContain("expected 'refusé' to be 'accepté'");
    expect(outcome.flaky).toEqual([expect.objectContaining({ where: "sample.test.ts > fails the first time", retries: 1 })]);

    const { stdout } = await run(process.execPath, [join(root, ".ci/test-outcome.mjs"), `PGlite=${join(dir, "outcome.json")}`]);
    expect(stdout).toContain("Failed in PGlite:\n  - sample.test.ts > fails every time (retried 1×)");
    expect(stdout).toContain("Passed only on a retry in PGlite:\n  - sample.test.ts > fails the first time (retried 1×)");
    expect(stdout).not.toContain("> passes");
  });

  it("writes an empty outcome for a run where everything passed", async () => {
    const outcome = join(dir, "green.json");
    writeFileSync(join(dir, "green.test.ts"), `import { it } from "vitest";\nit("passes", () => {});\n`);
    writeFileSync(
      join(dir, "green.config.ts"),
      [
        `import { defineConfig } from "vitest/config";`,
        `import { runReporters } from ${JSON.stringify(join(root, "tests/setup/run-outcome-reporter.ts"))};`,
        `export default defineConfig({ test: { include: ["green.test.ts"], reporters: runReporters(${JSON.stringify(outcome)}) } });`,
      ].join("\n"),
    );
    await run(join(root, "node_modules/.bin/vitest"), ["run", "--root", dir, "--config", join(dir, "green.config.ts")], { cwd: dir });
    expect(JSON.parse(readFileSync(outcome, "utf8"))).toEqual({ failed: [], flaky: [] });
    const { stdout } = await run(process.execPath, [join(root, ".ci/test-outcome.mjs"), `PGlite=${outcome}`]);
    expect(stdout).toBe("");
  });
});
