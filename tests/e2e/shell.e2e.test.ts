import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type LaunchedBrowser } from "./browser";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

const SHOTS = process.env.UI_SHOTS_DIR; // set to keep screenshots (e.g. /tmp/ui-foundation-shots)
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** The page shell on the design system: header, menu, toasts, no sideways scroll, no CSP violation. */
describe("page shell in Chromium", () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    server = await startServer({ env: database.url ? { DATABASE_URL: database.url } : {} });
    browser = await launchBrowser();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
  });

  async function openPage(viewport: { width: number; height: number }) {
    const page = await browser.newPage({ baseURL: server.url, viewport });
    const cspErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    return { page, cspErrors };
  }

  async function login(page: Page, email: string) {
    await page.goto("/login");
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByLabel("Mot de passe").fill("datadock-demo");
    await page.locator("main").getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
  }

  const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it("lays out the login page on desktop and phone without sideways scroll", async () => {
    for (const [name, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
      ["narrow", { width: 360, height: 740 }],
    ] as const) {
      const { page, cspErrors } = await openPage(viewport);
      await page.goto("/login");
      expect(await sideways(page)).toBe(0);
      // Compact on phones (the bar only); on desktop the inline navigation adds its row.
      const header = await page.locator("header.site-header").boundingBox();
      if (name !== "desktop") expect(header?.height ?? 999).toBeLessThanOrEqual(64);
      // The logo link's accessible name contains its visible text.
      await expect.poll(() => page.getByRole("link", { name: /^Datadock/ }).count()).toBeGreaterThan(0);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/login-${name}.png`, fullPage: true });
      expect(cspErrors).toEqual([]);
    }
  });

  it("puts navigation and account behind a Menu button on a phone, inline on desktop", async () => {
    const { page: phone, cspErrors } = await openPage({ width: 360, height: 740 });
    await login(phone, "alice@financeur-a.demo");
    const header = await phone.locator("header.site-header").boundingBox();
    expect(header?.height ?? 999).toBeLessThanOrEqual(64);
    expect(await sideways(phone)).toBe(0);
    await phone.getByRole("button", { name: /Menu/ }).click();
    await expect
      .poll(() => phone.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Examens" }).isVisible())
      .toBe(true);
    if (SHOTS) await phone.screenshot({ path: `${SHOTS}/funder-menu-phone.png`, fullPage: true });
    await phone.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Examens" }).click();
    await phone.waitForURL("**/financeur/examens");
    // The menu closes on navigation.
    await expect.poll(() => phone.getByRole("button", { name: /Menu/ }).getAttribute("aria-expanded")).toBe("false");
    expect(cspErrors).toEqual([]);

    const { page: desktop } = await openPage(DESKTOP);
    await login(desktop, "alice@financeur-a.demo");
    await desktop.getByRole("button", { name: /Mon compte/ }).click();
    const menu = desktop.getByRole("menu");
    await expect.poll(() => menu.innerText()).toContain("Se déconnecter");
    if (SHOTS) await desktop.screenshot({ path: `${SHOTS}/funder-home-desktop.png`, fullPage: true });
    await desktop.keyboard.press("Escape");
  });

  it("logs out without JavaScript: the menus need it, the header's plain logout form does not", async () => {
    const page = await browser.newPage({ baseURL: server.url, viewport: PHONE, javaScriptEnabled: false });
    await login(page, "contact@of-exemple.demo");
    expect(new URL(page.url()).pathname).toBe("/organisme");
    // The phone's navigation is reachable too (the Menu button cannot open without JavaScript).
    const nav = page.locator("[data-noscript-menu]").getByRole("navigation", { name: "Navigation principale" });
    expect(await nav.getByRole("link", { name: "Mon dossier" }).isVisible()).toBe(true);
    const logout = page.getByRole("button", { name: "Se déconnecter" });
    expect(await logout.count()).toBe(1);
    await logout.click();
    await page.waitForURL("**/login");
    // The session is gone: the OF's home sends back to the login page.
    await page.goto("/organisme");
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.context().close();
  });

  it("shows a flash toast after saving the profile, gone after the next navigation", async () => {
    const { page, cspErrors } = await openPage(DESKTOP);
    await login(page, "contact@of-exemple.demo");
    await page.goto("/organisme/profil");
    await page.locator("main form").getByRole("button").last().click();
    const toast = page.locator("[data-toast]");
    await expect.poll(() => toast.count()).toBe(1);
    expect(await toast.innerText()).toMatch(/Profil enregistré|Aucune modification/);
    expect(page.url()).not.toContain("notice");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/toast-desktop.png` });
    await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Mon dossier" }).click();
    await page.waitForURL("**/organisme/dossier");
    await expect.poll(() => toast.count()).toBe(0);
    // Nor does it come back on reload: the cookie was read once.
    await page.reload();
    await expect.poll(() => page.locator("h1").count()).toBeGreaterThan(0);
    expect(await toast.count()).toBe(0);
    expect(cspErrors).toEqual([]);
  });
});
