import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { benchReadmeBlock, withBenchBlock } from "../../scripts/bench-readme.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("README benchmark figures", () => {
  it("are exactly what scripts/bench-readme.mjs generates from the committed result files", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(withBenchBlock(readme, benchReadmeBlock())).toBe(readme);
  });
});
