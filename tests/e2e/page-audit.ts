import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { LaunchedBrowser } from "./browser";
import { usePortalInBrowser } from "./demo-portal";
import { checkOverflow, findRawText, runAxe, settle, type AxeFinding, type Overflow } from "./page-checks";
import { resolveDemoIds, selectedRoles, type AuditRole, type DemoIds } from "./pages-by-role";
import type { RunningServer } from "../setup/server-process";

/**
 * Issue 12: every page each demo role can reach (pages-by-role.ts), at desktop and phone size, is
 * no wider than the screen, has no critical or serious axe-core violation, shows no raw message key
 * nor raw markup, and leaves a screenshot in docs/screenshots/<role>/<page>-<desktop|mobile>.jpg.
 *
 * Subsets: AUDIT_ROLE=<role name> and/or AUDIT_PAGE=<part of a page slug or route>, e.g.
 *   AUDIT_ROLE=of-brouillon AUDIT_PAGE=indicateur npx vitest run tests/e2e/page-audit-of.e2e.test.ts
 * AUDIT_REPORT=<file.json> writes every finding (the baseline is made from it);
 * Screenshots are JPEG at quality 70 (PNGs of every page came to 42 MB; these to a fraction of it);
 * AUDIT_SCREENSHOTS=png saves PNG instead, AUDIT_SCREENSHOTS=none saves none.
 */

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SCREENSHOT_DIR = join(REPO_ROOT, "docs", "screenshots");
const DEMO_PASSWORD = "datadock-demo";
const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "mobile", width: 390, height: 844 },
] as const;

export interface PageFinding {
  role: string;
  page: string;
  path: string;
  size: string;
  status: number | null;
  /** Where the page ended (a redirect elsewhere means the role does not reach it). */
  landedOn: string;
  overflow: Overflow | null;
  axe: AxeFinding[];
  rawKeys: string[];
  rawMarkup: string[];
  error?: string;
  /** Time spent on this load and its checks. */
  ms?: number;
}

async function logIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

/** Loads `path` and runs every check on it, as it is at the current viewport size. */
async function auditPage(page: Page, path: string, expectedStatus: number): Promise<Omit<PageFinding, "role" | "page" | "size">> {
  const response = await page.goto(path);
  await settle(page);
  const landedOn = new URL(page.url()).pathname;
  const status = response?.status() ?? null;
  const [overflow, axe, raw] = [await checkOverflow(page), await runAxe(page), await findRawText(page)];
  const finding = { path, status, landedOn, overflow, axe, rawKeys: raw.keys, rawMarkup: raw.markup };
  if (status !== expectedStatus) return { ...finding, error: `answered ${status}, expected ${expectedStatus}` };
  if (landedOn !== new URL(path, "http://x").pathname) return { ...finding, error: `redirected to ${landedOn}` };
  return finding;
}

async function screenshot(page: Page, role: string, slug: string, size: string) {
  const format = process.env.AUDIT_SCREENSHOTS ?? "jpeg";
  if (format === "none") return;
  mkdirSync(join(SCREENSHOT_DIR, role), { recursive: true });
  if (format === "png") {
    await page.screenshot({ path: join(SCREENSHOT_DIR, role, `${slug}-${size}.png`), fullPage: true, type: "png" });
  } else {
    await page.screenshot({ path: join(SCREENSHOT_DIR, role, `${slug}-${size}.jpg`), fullPage: true, type: "jpeg", quality: 70 });
  }
}

/** One line per problem: what the audit's final failure prints. */
export function problems(findings: PageFinding[]): string[][] {
  const rows: string[][] = [];
  for (const f of findings) {
    const where = [f.role, f.page, f.size];
    if (f.error) rows.push([...where, "page", f.error]);
    if (f.overflow) {
      const w = f.overflow.widest;
      rows.push([
        ...where,
        "width",
        `document ${f.overflow.scrollWidth}px > viewport ${f.overflow.viewportWidth}px; widest: ${w ? `${w.selector} (right edge ${w.right}px, width ${w.width}px)` : "?"}`,
      ]);
    }
    for (const v of f.axe)
      rows.push([
        ...where,
        `axe ${v.impact}`,
        `${v.id}: ${v.targets.slice(0, 4).join(" | ")}${v.targets.length > 4 ? ` (+${v.targets.length - 4})` : ""}`,
      ]);
    if (f.rawKeys.length) rows.push([...where, "raw key", f.rawKeys.join(", ")]);
    if (f.rawMarkup.length) rows.push([...where, "raw markup", f.rawMarkup.join(", ")]);
  }
  return rows;
}

export function table(rows: string[][]): string {
  const header = ["role", "page", "size", "check", "detail"];
  const escape = (cell: string) => cell.replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [header, header.map(() => "---"), ...rows].map((row) => `| ${row.map(escape).join(" | ")} |`).join("\n");
}

/**
 * The audit comes in two parts, one per CI lane (tests/setup/test-lanes.ts), so that neither lane
 * carries all of it: the OFs' and anonymous pages (page-audit-of.e2e.test.ts) and the funders' and the
 * coordination's (page-audit-funders.e2e.test.ts).
 */
export type AuditPart = "of" | "funders";

export function partOf(role: AuditRole): AuditPart {
  return role.name.startsWith("of-") || role.email === null ? "of" : "funders";
}

export function describePageAudit(part: AuditPart): void {
  describe(`page audit: every page each role can reach (${part === "of" ? "OFs and visitors" : "funders and coordination"})`, () => {
    const portal = usePortalInBrowser();
    let server: RunningServer;
    let browser: LaunchedBrowser;
    let ids: DemoIds;

    beforeAll(async () => {
      ({ server, browser } = portal());
      ids = await resolveDemoIds(server.url);
    });

    it.runIf(part === "of")("catches a known defect of each kind (the audit cannot pass vacuously)", async () => {
      const page = await browser.newPage({ baseURL: server.url, viewport: { width: 390, height: 844 } });
      await page.goto("/login");
      await settle(page);
      await page.evaluate(() => {
        const wide = document.createElement("div");
        wide.id = "audit-self-check-wide";
        wide.style.width = "900px";
        wide.style.height = "10px";
        const image = document.createElement("img");
        image.src = "/favicon.svg";
        image.id = "audit-self-check-image";
        const raw = document.createElement("p");
        raw.textContent = "notifications.kind.examination.sent_back <strong>gras</strong>";
        document.body.append(wide, image, raw);
      });
      const overflow = await checkOverflow(page);
      expect(overflow?.scrollWidth).toBeGreaterThanOrEqual(900);
      expect(overflow?.widest?.selector).toBe("#audit-self-check-wide");
      expect(overflow?.widest?.width).toBe(900);
      const axe = await runAxe(page);
      expect(axe.find((v) => v.id === "image-alt")?.targets).toContain("#audit-self-check-image");
      const raw = await findRawText(page);
      expect(raw.keys).toContain("notifications.kind.examination.sent_back");
      expect(raw.markup).toContain("<strong>");
      await page.context().close();
    });

    it(
      "has no page wider than the screen, no critical or serious axe violation, no raw key or markup",
      { timeout: 30 * 60_000 },
      async () => {
        const started = Date.now();
        const roles: AuditRole[] = selectedRoles().filter((role) => partOf(role) === part);
        if (roles.length === 0 && (process.env.AUDIT_ROLE || process.env.AUDIT_PAGE)) return; // the subset asked for is the other part's
        expect(roles.length, "no role in this part of the audit").toBeGreaterThan(0);
        const findings: PageFinding[] = [];
        for (const role of roles) {
          // A French browser, as the users' (language and Accept-Language). The native date and file controls
          // still read "mm/dd/yyyy" and "Choose File" in the screenshots: this Chromium ships the en-US locale only.
          const page = await browser.newPage({ baseURL: server.url, viewport: SIZES[0], locale: "fr-FR" });
          if (role.email) await logIn(page, role.email);
          for (const auditPageEntry of role.pages) {
            for (const size of SIZES) {
              await page.setViewportSize({ width: size.width, height: size.height });
              const where = { role: role.name, page: auditPageEntry.slug, size: size.name };
              const path = auditPageEntry.path(ids);
              const loadStarted = Date.now();
              try {
                const finding: PageFinding = { ...where, ...(await auditPage(page, path, auditPageEntry.status ?? 200)) };
                await screenshot(page, role.name, auditPageEntry.slug, size.name);
                findings.push({ ...finding, ms: Date.now() - loadStarted });
              } catch (error) {
                findings.push({
                  ...where,
                  path,
                  status: null,
                  landedOn: "",
                  overflow: null,
                  axe: [],
                  rawKeys: [],
                  rawMarkup: [],
                  error: String(error),
                });
              }
            }
          }
          await page.context().close();
        }
        const seconds = Math.round((Date.now() - started) / 1000);
        if (process.env.AUDIT_REPORT) writeFileSync(process.env.AUDIT_REPORT, JSON.stringify({ seconds, ids, findings }, null, 2));
        const rows = problems(findings);
        console.log(`page audit: ${findings.length} page loads in ${seconds} s, ${rows.length} problem(s)`);
        if (rows.length > 0)
          throw new Error(`The page audit found ${rows.length} problem(s) in ${findings.length} page loads:\n${table(rows)}`);
      },
    );
  });
}
