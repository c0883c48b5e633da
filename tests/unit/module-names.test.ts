import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Modules are named for what they hold, not for the delivery that brought them (issue 11): no file
 * or folder of app/, domain/, collab/ or server/ is named after a journey, a gap list or a milestone.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const MILESTONE_NAMES = /journey|gaps|milestone|who-decides/i;

describe("module names", () => {
  it("say what a module holds, not which milestone brought it", () => {
    const listed = execFileSync("git", ["ls-files", "app", "domain", "collab", "server"], { cwd: root, encoding: "utf8" });
    const files = listed.split("\n").filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => MILESTONE_NAMES.test(f))).toEqual([]);
  });
});
