import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { BROWSER_FLOW_TIMEOUT, type LaunchedBrowser } from "./browser";
import { usePortalInBrowser } from "./demo-portal";
import { resolveDemoIds, type DemoIds } from "./pages-by-role";
import { settle } from "./page-checks";
import type { RunningServer } from "../setup/server-process";

/**
 * Issue 12: the OF completes and submits its dossier, and a reviewer decides an indicator, with the
 * keyboard alone. After the first address typed in (the portal's login page), nothing is clicked,
 * filled or navigated to by the test: the focus moves with Tab only, and Enter, Space, arrows and
 * typing act on what has it. Reading the page (to know what to wait for) is allowed.
 */

const DEMO_PASSWORD = "datadock-demo";
const MAX_TABS = 250;

/** Presses Tab until the focused element matches `selector`; fails if a whole round of Tabs never reaches it. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < MAX_TABS; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${selector} is not reachable with Tab on ${page.url()} (${MAX_TABS} presses)`);
}

/** Waits until React has hydrated the page (handlers attached) and the router is idle. */
async function hydrated(page: Page) {
  await settle(page);
  await page.waitForFunction(() => Object.keys(document.body).some((key) => key.startsWith("__react")));
}

/** Tabs to the link to `href`, presses Enter and waits for that page. */
async function followLink(page: Page, href: string) {
  await tabTo(page, `a[href="${href}"]`);
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.pathname === href);
  await hydrated(page);
}

async function logInWithKeyboard(page: Page, email: string) {
  await page.goto("/login");
  await hydrated(page);
  await tabTo(page, "input[name=email]");
  await page.keyboard.type(email);
  await tabTo(page, "input[name=password]");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.pathname !== "/login");
  await hydrated(page);
}

describe("keyboard only", () => {
  const portal = usePortalInBrowser();
  let server: RunningServer;
  let browser: LaunchedBrowser;
  let ids: DemoIds;

  beforeAll(async () => {
    ({ server, browser } = portal());
    ids = await resolveDemoIds(server.url);
  });

  it("an OF completes its dossier's remaining indicators and submits it", { timeout: BROWSER_FLOW_TIMEOUT }, async () => {
    // Organisme Exemple Formation: brouillon, only 1.1 complete.
    const page = await browser.newPage({ baseURL: server.url });
    await logInWithKeyboard(page, "contact@of-exemple.demo");
    await followLink(page, "/organisme/dossier");
    await followLink(page, "/organisme/dossier/synthese");
    // A client-side navigation changes the URL before React has rendered the new page: wait for its list.
    await page.locator("#missing-list li").first().waitFor();
    const missing = await page
      .locator("#missing-list li")
      .evaluateAll((items) => items.map((li) => li.getAttribute("data-indicator") ?? ""));
    expect(missing.length).toBeGreaterThan(0);

    for (const code of missing) {
      await followLink(page, `/organisme/dossier/indicateur/${code}`);
      // « Non concerné », with its reason, saved with Enter on the form's button.
      await tabTo(page, "#notApplicable");
      await page.keyboard.press("Space");
      expect(await page.locator("#notApplicable").isChecked()).toBe(true);
      await tabTo(page, "#notApplicableReason");
      await page.keyboard.type(`Indicateur ${code} sans objet pour notre activité de conseil.`);
      await tabTo(page, "form:has(#notApplicable) button[type=submit]");
      await page.keyboard.press("Enter");
      await expect.poll(() => page.locator("#indicator-completeness").textContent()).toBe("Cet indicateur est complet.");
      await followLink(page, "/organisme/dossier");
      await followLink(page, "/organisme/dossier/synthese");
    }

    expect(await page.locator("#missing-list").count()).toBe(0);
    // Submitting opens the confirmation: the attestation sur l'honneur is ticked with Space, then confirmed.
    await tabTo(page, "#submit-dossier");
    await page.keyboard.press("Enter");
    await page.locator("[role=dialog] #attestation-honneur").waitFor();
    await tabTo(page, "#attestation-honneur");
    await page.keyboard.press("Space");
    expect(await page.locator("#attestation-honneur").isChecked()).toBe(true);
    await tabTo(page, "#confirm-submit");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/organisme");
    await expect.poll(() => page.locator("[data-toast]").textContent()).toContain("Votre dossier a été soumis.");
    expect(await page.locator("#next-step").getAttribute("data-status")).toBe("soumis");
  });

  it("a reviewer decides indicators and moves between them", { timeout: BROWSER_FLOW_TIMEOUT }, async () => {
    // Rhône Formation Pro: en examen by alice; 1.1 to 1.3 validated, 1.4 undecided: the room opens on 1.4.
    const page = await browser.newPage({ baseURL: server.url });
    await logInWithKeyboard(page, "alice@financeur-a.demo");
    await followLink(page, "/financeur/examens");
    await followLink(page, `/financeur/examens/${ids.rhoneDossierId}`);
    await page.waitForFunction(() => {
      const form = document.querySelector("[data-review-form]");
      return !!form && Object.keys(form).some((key) => key.startsWith("__reactProps"));
    });
    const article = (code: string) => `article#indicateur-${code.replace(".", "\\.")}`;
    const current = (code: string) => page.locator(`${article(code)} [data-testid=current-decision]`);
    expect(await page.locator(`${article("1.4")} .review__decision`).textContent()).toContain("Non décidé");
    // Tab reaches the radio group, the arrows move within it, Space picks « validé ».
    await tabTo(page, `${article("1.4")} input[name=decision]`);
    for (let i = 0; i < 5 && !(await page.evaluate(() => document.activeElement?.getAttribute("data-decision") === "valide")); i++) {
      await page.keyboard.press("ArrowDown");
    }
    await page.keyboard.press("Space");
    expect(await page.locator(`${article("1.4")} input[data-decision=valide]`).isChecked()).toBe(true);
    await tabTo(page, `${article("1.4")} button[type=submit]`);
    await page.keyboard.press("Enter");
    await expect.poll(() => current("1.4").textContent()).toBe("Validé");
    // The decision is confirmed by a toast.
    await expect.poll(() => page.getByText("Décision enregistrée : 1.4 — Validé.").count()).toBe(1);

    // "j" goes to the next indicator (2.1), "k" back; outside any field.
    await page.keyboard.press("j");
    await page.waitForURL((url) => url.searchParams.get("indicateur") === "2.1");
    await page.locator(article("2.1")).waitFor();
    await page.keyboard.press("k");
    await page.waitForURL((url) => url.searchParams.get("indicateur") === "1.4");
    await page.locator(article("1.4")).waitFor();
    await page.keyboard.press("Alt+ArrowDown");
    await page.waitForURL((url) => url.searchParams.get("indicateur") === "2.1");
    await page.locator(article("2.1")).waitFor();
    expect(await page.locator(`${article("2.1")} .review__decision`).textContent()).toContain("Non décidé");

    // "?" lists the shortcuts in a dialog; Escape closes it.
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Raccourcis clavier" });
    await help.waitFor();
    expect(await help.getByTestId("shortcuts-list").innerText()).toContain("Décider « Validé » et enregistrer");
    await page.keyboard.press("Escape");
    await help.waitFor({ state: "detached" });

    // "n" picks « non conforme » and puts the focus in the reason; typing there is not a shortcut.
    await page.keyboard.press("n");
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("reason");
    expect(await page.locator(`${article("2.1")} input[data-decision=non_conforme]`).isChecked()).toBe(true);
    await page.keyboard.type("Le livret d'accueil ne vaut pas justificatif.");
    expect(new URL(page.url()).searchParams.get("indicateur")).toBe("2.1");
    // Back to « validé » with "v" once out of the field: it saves at once.
    await page.keyboard.press("Escape");
    await tabTo(page, `${article("2.1")} button[type=submit]`);
    await page.keyboard.press("v");
    await expect.poll(() => current("2.1").textContent()).toBe("Validé");
  });
});
