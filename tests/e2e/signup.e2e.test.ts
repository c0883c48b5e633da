import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "./browser";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import { completeSiret } from "../../domain/organisations/identifiers";

/** A training organisation signs up, confirms its address from the dev mailbox, logs in. */
describe("OF sign-up in Chromium", () => {
  let server: RunningServer;
  let database: TestDatabase;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ env: { SEED_DEMO: "never", ...(database.url ? { DATABASE_URL: database.url } : {}) } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
  });

  it("signs up, verifies by the emailed link, logs in and sees the OF home", async () => {
    const page = await browser.newPage({ baseURL: server.url });
    await page.goto("/inscription");
    await page.getByLabel("Raison sociale").fill("Formation Navigateur SARL");
    const siret = completeSiret("1234567890001");
    const badSiret = `${siret.slice(0, 13)}${(Number(siret[13]) + 1) % 10}`;
    await page.getByLabel("Numéro SIRET").fill(badSiret);
    // A SIRET that fails the Luhn check is refused in French, and the other values are kept.
    await page.getByLabel("Numéro de déclaration d'activité (NDA)").fill("11755555575");
    await page.getByLabel("Prénom et nom").fill("Nina Navigatrice");
    await page.getByLabel("Adresse e-mail").fill("nina@formation-navigateur.test");
    await page.getByLabel("Mot de passe", { exact: true }).fill("un-mot-de-passe-solide");
    await page.getByRole("button", { name: "Créer le compte" }).click();
    await expect.poll(() => page.locator(".field__error").count()).toBeGreaterThan(0);
    expect(await page.getByLabel("Raison sociale").inputValue()).toBe("Formation Navigateur SARL");

    await page.getByLabel("Numéro SIRET").fill(siret);
    await page.getByLabel("Mot de passe", { exact: true }).fill("un-mot-de-passe-solide");
    await page.getByRole("button", { name: "Créer le compte" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/inscription") || url.search.length > 0).catch(() => {});
    await expect.poll(() => page.locator("main").innerText()).toMatch(/boîte|e-mail/i);

    await page.goto("/dev/mail");
    const mail = page.locator("article.mail").filter({ hasText: "nina@formation-navigateur.test" }).first();
    const link = mail.locator('a[href*="/verification/"]');
    await link.click();
    await expect.poll(() => page.locator("main").innerText()).toMatch(/confirm/i);

    await page.goto("/login");
    await page.getByLabel("Adresse e-mail").fill("nina@formation-navigateur.test");
    await page.getByLabel("Mot de passe").fill("un-mot-de-passe-solide");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL("**/organisme");
    await expect.poll(() => page.locator("h1").innerText()).toBe("Formation Navigateur SARL");
    expect(await page.locator(".site-header").innerText()).toContain("Nina Navigatrice");
  });
});
