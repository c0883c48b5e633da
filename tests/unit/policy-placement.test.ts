import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Permission checks live in domain/permissions/ (policy.ts and its siblings), where the role × policy
 * test (permissions.test.ts) sees every one of them. Services, routes and the live layer call those
 * `can*` functions; none tests a role or a membership kind inline.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const INLINE_ROLE_CHECK =
  /\b(hasRole|isCoordinator|isFunderMember)\(|\.role\s*[!=]==\s*"(of_admin|of_member|funder_reviewer|funder_admin|coordinator)"/;

describe("permission checks", () => {
  it("are all in domain/permissions/", () => {
    const listed = execFileSync("git", ["ls-files", "app", "domain", "server", "collab"], { cwd: root, encoding: "utf8" });
    const files = listed.split("\n").filter((f) => /\.(ts|tsx)$/.test(f) && !f.startsWith("domain/permissions/"));
    const inline: string[] = [];
    for (const file of files) {
      readFileSync(join(root, file), "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (INLINE_ROLE_CHECK.test(line)) inline.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(inline).toEqual([]);
  });
});
