import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { createDatabase } from "../../db/client";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { inject } from "vitest";
import type { Database } from "../../db/schema";
import { adminUrlFor } from "./database-template";
import { pgliteExtensions } from "../../db/pglite-extensions";

export interface TestDatabase {
  db: Kysely<Database>;
  driver: "postgres" | "pglite";
  /** postgres:// URL of this database (PostgreSQL only), for servers started by the test. */
  url?: string;
  close(): Promise<void>;
}

export interface TestDatabaseOptions {
  /**
   * "demo": on PostgreSQL, a clone of the demo world (as `npm start` seeds it), for a demo server
   * started on this database, which then finds its data instead of seeding. On PGlite the test
   * database stays empty: a server keeps its own folder there, started from the run's demo copy
   * (tests/setup/server-process.ts).
   */
  contents?: "migrated" | "demo";
}

/**
 * PGlite's WebAssembly compiled once per test worker, and its file-system bundle read once: the config's
 * `isolate: false` keeps them across the worker's files, and each test database then starts in about half
 * the time (it no longer compiles 9 MB of WebAssembly and unpacks the bundle's copy of it on its own).
 */
let pgliteAssets: Promise<{ pgliteWasmModule: WebAssembly.Module; fsBundle: Blob }> | undefined;
function sharedPgliteAssets() {
  pgliteAssets ??= (async () => {
    const dist = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
    const pgliteWasmModule = await WebAssembly.compile(readFileSync(join(dist, "pglite.wasm")));
    return { pgliteWasmModule, fsBundle: new Blob([readFileSync(join(dist, "pglite.data"))]) };
  })();
  return pgliteAssets;
}

/** A fresh, migrated database of its own: call once per test file (beforeAll) and close it after. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const template = inject("dbTemplate");
  if (template.driver === "pglite") {
    const pglite = new PGlite({
      ...(await sharedPgliteAssets()),
      loadDataDir: new Blob([readFileSync(template.dumpPath)]),
      parsers: { 20: (v: string) => v, 1082: (v: string) => v },
      extensions: pgliteExtensions,
    });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      driver: "pglite",
      async close() {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      },
    };
  }
  const name = `${template.templateName.replace("_tpl_", "_t_")}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: template.adminUrl });
  await admin.connect();
  const source = options.contents === "demo" ? template.demoTemplateName : template.templateName;
  await admin.query(`create database ${name} template ${source}`);
  await admin.end();
  const url = adminUrlFor(template.adminUrl, name);
  // Through the app's own client: the same value shapes as production (int8 and date as text).
  const handle = createDatabase({ databaseUrl: url, poolSize: 5 });
  const db = handle.db;
  return {
    db,
    driver: "postgres",
    url,
    async close() {
      await db.destroy();
      const again = new pg.Client({ connectionString: template.adminUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}
