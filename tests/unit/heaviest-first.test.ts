import { describe, expect, it } from "vitest";
import { kindRank } from "../setup/heaviest-first";

describe("the order files start in on a clean checkout", () => {
  it("starts the page audits, then the fuzz, then browser, resilience and integration tests, then the rest", () => {
    const files = [
      "/repo/tests/unit/env.test.ts",
      "/repo/tests/integration/accounts/login.test.ts",
      "/repo/tests/resilience/bad-input.test.ts",
      "/repo/tests/e2e/shell.e2e.test.ts",
      "/repo/tests/resilience/malformed-input-fuzz.test.ts",
      "/repo/tests/e2e/page-audit-of.e2e.test.ts",
    ];
    expect([...files].sort((a, b) => kindRank(a) - kindRank(b))).toEqual([...files].reverse());
  });
});
