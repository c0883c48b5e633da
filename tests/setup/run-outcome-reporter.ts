import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/** One test in the outcome file: where it is and the start of its (first) error. */
export interface TestOutcome {
  where: string;
  message: string[];
  retries?: number;
}

/** What a run leaves for CI's summary (.ci/test-outcome.mjs): the tests that failed, and those that passed only on a retry. */
export interface RunOutcome {
  failed: TestOutcome[];
  flaky: TestOutcome[];
}

const MESSAGE_LINES = 4;

function firstLines(message: string | undefined): string[] {
  return (message ?? "")
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "")
    .slice(0, MESSAGE_LINES);
}

/**
 * Writes the run's failed and flaky tests to a JSON file. CI keeps only the end of its output, so its
 * summary reads this file to say which tests failed, and which needed a retry (docs/decisions/055).
 */
export default class RunOutcomeReporter implements Reporter {
  constructor(private readonly file: string) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    const outcome: RunOutcome = { failed: [], flaky: [] };
    for (const module of testModules) {
      for (const error of module.errors()) {
        outcome.failed.push({ where: module.relativeModuleId, message: firstLines(error.message) });
      }
      for (const test of module.children.allTests()) {
        const result = test.result();
        const where = `${module.relativeModuleId} > ${test.fullName}`;
        const retries = test.diagnostic()?.retryCount ?? 0;
        const message = firstLines(result.errors?.[0]?.message);
        if (result.state === "failed") outcome.failed.push({ where, message, retries });
        else if (result.state === "passed" && retries > 0) outcome.flaky.push({ where, message, retries });
      }
    }
    for (const error of unhandledErrors) outcome.failed.push({ where: "unhandled error", message: firstLines(error.message) });
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, `${JSON.stringify(outcome, null, 2)}\n`);
  }
}

/** The run's reporters: vitest's default, and the outcome file when CI asks for one (TEST_OUTCOME_FILE). */
export function runReporters(outcomeFile = process.env.TEST_OUTCOME_FILE): Array<"default" | Reporter> {
  return ["default", ...(outcomeFile ? [new RunOutcomeReporter(outcomeFile)] : [])];
}

/**
 * In CI a failed test runs once more: one that passes then is reported as flaky in CI's summary, not
 * hidden, and one that fails twice fails the run (docs/decisions/055). A developer's run never retries.
 */
export function retriesOfThisRun(ci = process.env.CI): number {
  return ci ? 1 : 0;
}
