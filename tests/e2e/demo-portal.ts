import { afterAll, beforeAll } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type LaunchedBrowser } from "./browser";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import { login as loginHttp, queueDossiers } from "../integration/live/helpers";

/** Every demo account's password (README). */
export const DEMO_PASSWORD = "datadock-demo";

export interface PortalInBrowser {
  server: RunningServer;
  browser: LaunchedBrowser;
}

export interface PortalOptions {
  /** Extra server variables, e.g. `{ SEED_DEMO: "never" }`. The test database's URL is added. */
  serverEnv?: Record<string, string>;
  /** Default timeout of the pages' actions and navigations, in ms. */
  browserTimeout?: number;
}

/**
 * One portal per test file: a fresh database, a server (with the demo seed unless told otherwise) and
 * Chromium. Registers its own beforeAll/afterAll; call it first in the describe block and read the
 * returned getter inside later hooks and tests.
 */
export function usePortalInBrowser(options: PortalOptions = {}): () => PortalInBrowser {
  let database: TestDatabase | undefined;
  let portal: PortalInBrowser | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    const server = await startServer({ env: { ...options.serverEnv, ...(database.url ? { DATABASE_URL: database.url } : {}) } });
    const browser = await launchBrowser({ timeout: options.browserTimeout ?? 15_000 });
    portal = { server, browser };
  });
  afterAll(async () => {
    await portal?.browser.close();
    await portal?.server.stop();
    await database?.close();
  });
  return () => {
    if (!portal) throw new Error("usePortalInBrowser: read the portal inside a hook or a test");
    return portal;
  };
}

/** Logs in through the login form, as a user does, and waits for the page the login leads to. */
export async function logInAs(page: Page, email: string, landing: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(`**${landing}`);
}

export interface DemoPortal extends PortalInBrowser {
  /** The demo dossier of Rhône Formation Pro (en examen, taken by alice). */
  dossierId: string;
}

/** The demo portal of usePortalInBrowser, with the Rhône dossier's id, for the live review's tests. */
export function useDemoPortal(): () => DemoPortal {
  const portalInBrowser = usePortalInBrowser();
  let portal: DemoPortal | undefined;
  beforeAll(async () => {
    const { server, browser } = portalInBrowser();
    const dossiers = await queueDossiers(await loginHttp(server.url, "alice@financeur-a.demo"));
    const dossierId = [...dossiers].find(([name]) => name.startsWith("Rhône"))?.[1];
    if (!dossierId) throw new Error("the demo dossier of Rhône Formation Pro is not in alice's queue");
    portal = { server, browser, dossierId };
  });
  return () => {
    if (!portal) throw new Error("useDemoPortal: read the portal inside a hook or a test");
    return portal;
  };
}
