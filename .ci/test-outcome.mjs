#!/usr/bin/env node
// Prints, for CI's summary, the tests of each lane that failed and those that passed only on a retry,
// from the files tests/setup/run-outcome-reporter.ts wrote: whoever reads only the end of CI's output
// still learns which tests failed and why.
// Usage: node .ci/test-outcome.mjs "LABEL=OUTCOME.json" […]
import { existsSync, readFileSync } from "node:fs";

function print(title, tests) {
  if (tests.length === 0) return;
  console.log(`\n  ${title}:`);
  for (const { where, message, retries } of tests) {
    console.log(`  - ${where}${retries ? ` (retried ${retries}×)` : ""}`);
    for (const line of message) console.log(`      ${line.slice(0, 200)}`);
  }
}

for (const argument of process.argv.slice(2)) {
  const separator = argument.indexOf("=");
  const label = argument.slice(0, separator);
  const file = argument.slice(separator + 1);
  if (!existsSync(file)) continue;
  try {
    const { failed, flaky } = JSON.parse(readFileSync(file, "utf8"));
    print(`Failed in ${label}`, failed);
    print(`Passed only on a retry in ${label}`, flaky);
  } catch {
    console.log(`  ${label}: the test outcome ${file} could not be read`);
  }
}
