import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ONE_LANE_TESTS, casesOfThisLane, testsOutsideLane } from "../setup/test-lanes";

const TESTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("tests that run in one CI lane", () => {
  const listed = Object.values(ONE_LANE_TESTS).flat();

  it("lists every browser test, each in exactly one lane", () => {
    const browserTests = readdirSync(join(TESTS_DIR, "e2e"))
      .filter((name) => name.endsWith(".e2e.test.ts"))
      .map((name) => `e2e/${name}`)
      .sort();
    expect(listed.filter((file) => file.startsWith("e2e/")).sort()).toEqual(browserTests);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it("names only test files that exist", () => {
    expect(listed.filter((file) => !file.endsWith(".test.ts") || !existsSync(join(TESTS_DIR, file)))).toEqual([]);
  });

  it("leaves to each lane only the other lane's files", () => {
    expect(testsOutsideLane("embedded")).toEqual(ONE_LANE_TESTS.postgres.map((f) => `tests/${f}`));
    expect(testsOutsideLane("postgres")).toEqual(ONE_LANE_TESTS.embedded.map((f) => `tests/${f}`));
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
