import { afterAll, beforeAll } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "./browser";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import { login as loginHttp, queueDossiers } from "../integration/live/helpers";

export interface DemoPortal {
  server: RunningServer;
  browser: LaunchedBrowser;
  /** The demo dossier of Rhône Formation Pro (en examen, taken by alice). */
  dossierId: string;
}

/**
 * One demo portal per test file, for browser tests of the live review: a fresh database, a server
 * with the demo seed, Chromium, and the Rhône dossier's id. Registers its own beforeAll/afterAll;
 * call it first in the describe block and read the returned getter inside later hooks and tests.
 */
export function useDemoPortal(): () => DemoPortal {
  let database: TestDatabase | undefined;
  let portal: DemoPortal | undefined;
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ env: database.url ? { DATABASE_URL: database.url } : {} });
    browser = await launchBrowser({ timeout: 15_000 });
    const dossiers = await queueDossiers(await loginHttp(server.url, "alice@financeur-a.demo"));
    const dossierId = [...dossiers].find(([name]) => name.startsWith("Rhône"))?.[1];
    if (!dossierId) throw new Error("the demo dossier of Rhône Formation Pro is not in alice's queue");
    portal = { server, browser, dossierId };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
  });
  return () => {
    if (!portal) throw new Error("useDemoPortal: read the portal inside a hook or a test");
    return portal;
  };
}
