import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BROWSER_TEST_LANES, browserTestsOutsideLane, casesOfThisLane } from "../setup/browser-test-lanes";

const E2E_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "e2e");

describe("browser tests split across the CI lanes", () => {
  const onDisk = readdirSync(E2E_DIR)
    .filter((name) => name.endsWith(".e2e.test.ts"))
    .sort();
  const listed = Object.values(BROWSER_TEST_LANES).flat();

  it("lists every browser test in exactly one lane, and nothing that does not exist", () => {
    expect([...listed].sort()).toEqual(onDisk);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it("leaves to each lane only the other lane's files", () => {
    expect(browserTestsOutsideLane("embedded")).toEqual(BROWSER_TEST_LANES.postgres.map((f) => `tests/e2e/${f}`));
    expect(browserTestsOutsideLane("postgres")).toEqual(BROWSER_TEST_LANES.embedded.map((f) => `tests/e2e/${f}`));
  });

  it("splits a generated matrix so the two lanes together take every case once", () => {
    const cases = Array.from({ length: 11 }, (_, i) => i);
    const embedded = casesOfThisLane(cases, "embedded");
    const postgres = casesOfThisLane(cases, "postgres");
    expect([...embedded, ...postgres].sort((a, b) => a - b)).toEqual(cases);
    expect(embedded.filter((c) => postgres.includes(c))).toEqual([]);
    expect(Math.abs(embedded.length - postgres.length)).toBeLessThanOrEqual(1);
    expect(casesOfThisLane(cases, "")).toEqual(cases);
  });
});
