import { readFileSync } from "node:fs";
import type { PageFinding } from "./page-audit";

/**
 * Markdown summary of a page-audit report (AUDIT_REPORT=<file.json> of page-audit-of/-funders.e2e.test.ts):
 * per role and page, the width at 390 px, axe critical/serious counts by rule, raw keys; then totals.
 *   node --import tsx tests/e2e/page-audit-summary.ts report.json > summary.md
 */

interface Report {
  seconds: number;
  findings: PageFinding[];
}

export function summarize(report: Report): string {
  const { findings } = report;
  const lines: string[] = [];
  const pages = new Map<string, PageFinding[]>();
  for (const f of findings) pages.set(`${f.role}\u0000${f.page}`, [...(pages.get(`${f.role}\u0000${f.page}`) ?? []), f]);

  const ruleTotals = new Map<string, number>();
  let axeTotal = 0;
  let wideMobile = 0;
  let wideDesktop = 0;
  let pagesWithKeys = 0;
  let pagesWithMarkup = 0;
  let pageErrors = 0;

  lines.push(
    "| role | page | path | width at 390 (document / widest element) | axe critical/serious by rule (desktop · mobile) | raw keys | raw markup | page |",
  );
  lines.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const [key, sizes] of pages) {
    const [role, page] = key.split("\u0000");
    const mobile = sizes.find((s) => s.size === "mobile");
    const desktop = sizes.find((s) => s.size === "desktop");
    const width = mobile?.overflow
      ? `**${mobile.overflow.scrollWidth}px**${mobile.overflow.widest ? ` / \`${mobile.overflow.widest.selector}\` ${mobile.overflow.widest.width}px` : ""}`
      : "390 (fits)";
    if (mobile?.overflow) wideMobile++;
    if (desktop?.overflow) wideDesktop++;
    const axeOf = (f?: PageFinding) => {
      if (!f) return "—";
      const counts = new Map<string, number>();
      for (const v of f.axe) counts.set(`${v.id} (${v.impact})`, (counts.get(`${v.id} (${v.impact})`) ?? 0) + v.targets.length);
      return counts.size ? [...counts].map(([rule, n]) => `${rule} ×${n}`).join(", ") : "0";
    };
    for (const f of sizes) {
      for (const v of f.axe) {
        ruleTotals.set(`${v.id} (${v.impact})`, (ruleTotals.get(`${v.id} (${v.impact})`) ?? 0) + v.targets.length);
        axeTotal += v.targets.length;
      }
      if (f.error) pageErrors++;
    }
    const keys = [...new Set(sizes.flatMap((s) => s.rawKeys))];
    const markup = [...new Set(sizes.flatMap((s) => s.rawMarkup))];
    if (keys.length) pagesWithKeys++;
    if (markup.length) pagesWithMarkup++;
    const errors = [...new Set(sizes.flatMap((s) => (s.error ? [`${s.size}: ${s.error}`] : [])))];
    lines.push(
      `| ${role} | ${page} | ${sizes[0]?.path ?? ""} | ${width} | ${axeOf(desktop)} · ${axeOf(mobile)} | ${keys.map((k) => `\`${k}\``).join(", ") || "—"} | ${
        markup.map((m) => `\`${m.replace(/\|/g, "\\|")}\``).join(", ") || "—"
      } | ${errors.join("; ").replace(/\|/g, "\\|") || "ok"} |`,
    );
  }

  const totals = [
    "## Totals",
    "",
    `- (role, page) pairs: ${pages.size}; page loads: ${findings.length} (each at 1280×800 and 390×844); run time ${report.seconds} s.`,
    `- Wider than the viewport: ${wideMobile} of ${pages.size} pages at 390×844, ${wideDesktop} at 1280×800.`,
    `- axe critical + serious violations (nodes, both sizes): ${axeTotal}; by rule: ${
      [...ruleTotals]
        .sort((a, b) => b[1] - a[1])
        .map(([rule, n]) => `${rule} ${n}`)
        .join(", ") || "none"
    }.`,
    `- Pages showing raw message keys: ${pagesWithKeys}; raw markup: ${pagesWithMarkup}.`,
    `- Pages not answering as listed (status or redirect): ${pageErrors} page loads.`,
    "",
  ];
  return [...totals, "## Per role and page", "", ...lines, ""].join("\n");
}

if (process.argv[1]?.endsWith("page-audit-summary.ts")) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: node --import tsx tests/e2e/page-audit-summary.ts <report.json>");
  process.stdout.write(summarize(JSON.parse(readFileSync(file, "utf8")) as Report));
}
