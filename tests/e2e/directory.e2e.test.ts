import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type LaunchedBrowser, BROWSER_FLOW_TIMEOUT } from "./browser";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

const SCREENSHOTS = "docs/screenshots/directory";

async function logIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill("datadock-demo");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL("**/financeur");
}

/**
 * Issue 15.1, 15.3 and 15.4 in Chromium: a funder finds an OF by a misspelt name, opens it, labels it,
 * filters the directory by the label; a funder's admin ticks rows of the queue, assigns them in bulk
 * and watches the job's progress to its end.
 */
describe("the OF directory in Chromium", () => {
  let server: RunningServer;
  let database: TestDatabase;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    server = await startServer({ env: database.url ? { DATABASE_URL: database.url } : {} });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
  });

  it("finds Rhône Formation Pro misspelt, labels it and filters by the label", { timeout: BROWSER_FLOW_TIMEOUT }, async () => {
    const page = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
    await logIn(page, "alice@financeur-a.demo");
    await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Annuaire" }).first().click();
    await page.waitForURL("**/financeur/organismes");
    await page.getByLabel("Rechercher", { exact: true }).fill("formaton rhone");
    await page.getByRole("button", { name: "Rechercher" }).click();
    const result = page.getByRole("link", { name: "Rhône Formation Pro" });
    await result.waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/search-desktop.png`, fullPage: true });

    await result.click();
    await page.waitForURL("**/financeur/organismes/*");
    await page.getByLabel("Étiquette", { exact: true }).fill("À relancer");
    await page.getByRole("button", { name: "Ajouter l'étiquette" }).click();
    await expect.poll(() => page.getByTestId("labels-on").textContent()).toContain("À relancer");

    await page.goto("/financeur/organismes");
    await page.getByLabel("Étiquette", { exact: true }).selectOption({ label: "À relancer" });
    await page.getByRole("button", { name: "Rechercher" }).click();
    await page.waitForURL(/etiquette=/);
    await expect.poll(() => page.getByRole("status").filter({ hasText: "organisme" }).textContent()).toBe("1 organisme");
    expect(await page.locator("table").first().textContent()).toContain("Rhône Formation Pro");
    await page.screenshot({ path: `${SCREENSHOTS}/label-filter-desktop.png`, fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/financeur/organismes?q=${encodeURIComponent("Rhone Fromation")}`);
    await page.getByRole("link", { name: "Rhône Formation Pro" }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/search-390.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it(
    "ticks two dossiers of the queue, assigns them to Bruno in bulk and sees the job finish",
    { timeout: BROWSER_FLOW_TIMEOUT },
    async () => {
      const page = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
      await logIn(page, "admin@financeur-a.demo");
      await page.goto("/financeur/examens");
      // The selection is React state: tick once the page is hydrated.
      await page.waitForFunction(() => Object.keys(document.body).some((key) => key.startsWith("__react")));
      await page.getByLabel("Sélectionner Atlantique Compétences").check();
      await page.getByLabel("Sélectionner Rhône Formation Pro").check();
      await expect.poll(() => page.getByTestId("bulk-count").textContent()).toBe("2 lignes sélectionnées");
      await page.getByLabel("Action à lancer").selectOption("assign");
      await page.getByLabel("Attribuer à").selectOption({ label: "Bruno Lefèvre (Financeur A (OPCO démo))" });
      await page.getByRole("button", { name: "Lancer l'action" }).click();
      await page.waitForURL(/traitement=/);

      // The job runs in the background; the bar moves to its end and the outcome replaces the "in progress" line.
      const bar = page.getByRole("progressbar", { name: "Lignes traitées" });
      await expect.poll(() => bar.getAttribute("aria-valuenow")).toBe("2");
      expect(await bar.getAttribute("aria-valuemax")).toBe("2");
      await expect.poll(() => page.getByTestId("bulk-job").textContent()).toContain("2 lignes traitées");
      expect(await page.getByTestId("bulk-job").textContent()).toContain("Traitement terminé");
      // The rows reload once the job is done: both dossiers are Bruno's.
      for (const name of ["Atlantique Compétences", "Rhône Formation Pro"]) {
        await expect.poll(() => page.locator("tr", { hasText: name }).textContent()).toContain("Bruno Lefèvre");
      }
      await page.screenshot({ path: `${SCREENSHOTS}/bulk-assign-desktop.png`, fullPage: true });

      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      await page.getByTestId("bulk-job").waitFor();
      await page.screenshot({ path: `${SCREENSHOTS}/bulk-assign-390.png`, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    },
  );
});
