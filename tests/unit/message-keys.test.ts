import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fr } from "../../domain/i18n/fr/index";

/**
 * Every catalogue key the code names where a message is expected — `t("…")`, `translate("…")`,
 * a field error `: ["…"]`, `forbidden("…")`, `notFound("…")`, `messageKey: "…"`, `subjectKey: "…"`,
 * `new DomainError(kind, "…")` — exists in the French catalogue (or is the prefix of keys that do,
 * for keys built with `${…}`). A renamed or moved key cannot leave a caller showing a raw key.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const KEY = String.raw`["\x60]([a-z][A-Za-z]*(?:\.[A-Za-z0-9_]+)+)(\.?\$\{|["\x60])`;
const CONTEXTS = [
  String.raw`\bt\(\s*`,
  String.raw`\btranslate\(\s*`,
  String.raw`\bforbidden\(\s*`,
  String.raw`\bnotFound\(\s*`,
  String.raw`[kK]ey:\s*`,
  String.raw`DomainError\(\s*"[a-z_]+",\s*`,
];
const IN_CONTEXT = new RegExp(`(?:${CONTEXTS.join("|")})${KEY}`, "g");
const FIELD_ERROR = new RegExp(String.raw`:\s*\[\s*${KEY}\s*\]`, "g");

function sources(): string[] {
  const listed = execFileSync("git", ["ls-files", "app", "domain"], { cwd: root, encoding: "utf8" });
  return listed.split("\n").filter((f) => /\.(ts|tsx)$/.test(f) && !f.startsWith("domain/i18n/"));
}

function known(key: string): boolean {
  return key in fr || Object.keys(fr).some((k) => k.startsWith(`${key}.`));
}

describe("message keys named in app/ and domain/", () => {
  it("all exist in the catalogue", () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of sources()) {
      const text = readFileSync(join(root, file), "utf8");
      for (const match of [...text.matchAll(IN_CONTEXT), ...text.matchAll(FIELD_ERROR)]) {
        seen += 1;
        if (!known(match[1]!)) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(seen).toBeGreaterThan(500);
    expect(missing).toEqual([]);
  });
});
