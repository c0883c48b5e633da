import { mkdirSync } from "node:fs";
import { afterAll, afterEach, beforeAll } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "./browser";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import { login as loginHttp, queueDossiers } from "../integration/live/helpers";

export { DEMO_PASSWORD, logInAs } from "./log-in";

export interface PortalInBrowser {
  server: RunningServer;
  browser: LaunchedBrowser;
}

export interface PortalOptions {
  /** Extra server variables, e.g. `{ SEED_DEMO: "never" }`. The test database's URL is added. */
  serverEnv?: Record<string, string>;
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
    const seeded = options.serverEnv?.SEED_DEMO !== "never" && options.serverEnv?.DATADOCK_MODE !== "production";
    database = await createTestDatabase({ contents: seeded ? "demo" : "migrated" });
    const server = await startServer({ env: { ...options.serverEnv, ...(database.url ? { DATABASE_URL: database.url } : {}) } });
    const browser = await launchBrowser();
    portal = { server, browser };
  });
  afterEach(async (context) => {
    if (context.task.result?.state === "fail" && portal) await reportOpenPages(portal.browser, context.task.name);
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

/**
 * After a failed test: where each open page stood (URL and the start of its text, in the test's output,
 * which is all CI keeps) and a screenshot in test-results/.
 */
async function reportOpenPages(browser: LaunchedBrowser, testName: string): Promise<void> {
  const dir = "test-results";
  mkdirSync(dir, { recursive: true });
  const pages = browser.browser.contexts().flatMap((context) => context.pages());
  for (const [i, page] of pages.entries()) {
    const text = await page
      .locator("body")
      .innerText({ timeout: 2_000 })
      .catch(() => "(no text)");
    const file = `${dir}/${testName.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}-${i}.png`;
    await page.screenshot({ path: file, fullPage: true, timeout: 5_000 }).catch(() => undefined);
    process.stdout.write(`[failed test] page ${i}: ${page.url()} (${file})\n${text.replace(/\s+/g, " ").slice(0, 600)}\n`);
  }
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
