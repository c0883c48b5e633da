import { pgliteExtensions } from "../../db/pglite-extensions";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateToLatest } from "../../db/migrate";
import { createDatabase } from "../../db/client";
import { loadReferentiels } from "../../db/seed/load-referentiels";
import { seedDemo } from "../../domain/demo/seed-demo";
import type { Database } from "../../db/schema";

/**
 * What one `vitest run` prepares once (tests/setup/global-setup.ts) so that no test file migrates or
 * seeds on its own:
 * - PostgreSQL: a migrated template database, and a second one with the demo data, which test
 *   databases clone (CREATE DATABASE … TEMPLATE);
 * - PGlite: a dump of a migrated database, loaded by each test database, and two data folders a test
 *   server copies into its DATA_DIR (tests/setup/server-process.ts): migrated only, and with the demo data.
 */
export type DatabaseTemplate =
  | { driver: "postgres"; adminUrl: string; templateName: string; demoTemplateName: string }
  | { driver: "pglite"; dumpPath: string; serverData: Record<ServerDataKind, string> };

/** The data a test server starts from: empty (migrated) or the demo world, as `npm start` seeds it. */
export type ServerDataKind = "migrated" | "demo";

export function adminUrlFor(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function seedDemoWorld(db: Kysely<Database>): Promise<void> {
  await loadReferentiels(db);
  await seedDemo(db);
}

export async function prepareTemplate(): Promise<DatabaseTemplate> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const templateName = `datadock_tpl_${randomBytes(5).toString("hex")}`;
    const demoTemplateName = `${templateName}_demo`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create database ${templateName}`);
    const connect = (name: string) =>
      new Kysely<Database>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: adminUrlFor(databaseUrl, name), max: 1 }) }),
      });
    const db = connect(templateName);
    await migrateToLatest(db);
    await db.destroy();
    await admin.query(`create database ${demoTemplateName} template ${templateName}`);
    const demo = connect(demoTemplateName);
    await seedDemoWorld(demo);
    await demo.destroy();
    await admin.end();
    return { driver: "postgres", adminUrl: databaseUrl, templateName, demoTemplateName };
  }
  const dir = mkdtempSync(join(tmpdir(), "datadock-test-"));
  // Migrated once, in memory; its dump is loaded by each test file's database.
  const pglite = new PGlite("memory://", { extensions: pgliteExtensions });
  const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir("none");
  await db.destroy();
  if (!pglite.closed) await pglite.close();
  const dumpPath = join(dir, "template.tar");
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  // The servers' folders, on disk as the server opens DATA_DIR/pglite: the same dump, then the demo seed on a copy.
  const migrated = join(dir, "migrated");
  const folder = new PGlite(migrated, { loadDataDir: dump, extensions: pgliteExtensions });
  await folder.waitReady;
  await folder.close();
  const demoDir = join(dir, "demo");
  cpSync(migrated, demoDir, { recursive: true });
  const demo = createDatabase({ pgliteDir: demoDir });
  await seedDemoWorld(demo.db);
  await demo.close();
  return { driver: "pglite", dumpPath, serverData: { migrated, demo: demoDir } };
}

export async function dropTemplate(template: DatabaseTemplate): Promise<void> {
  if (template.driver === "pglite") {
    rmSync(join(template.dumpPath, ".."), { recursive: true, force: true });
    return;
  }
  const admin = new pg.Client({ connectionString: template.adminUrl });
  await admin.connect();
  // Clones left by a crashed worker go too, so nothing outlives the run.
  const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where datname like $1", [
    `${template.templateName.replace("_tpl_", "_t_")}%`,
  ]);
  for (const row of rows) await admin.query(`drop database if exists ${row.datname} with (force)`);
  await admin.query(`drop database if exists ${template.demoTemplateName} with (force)`);
  await admin.query(`drop database if exists ${template.templateName} with (force)`);
  await admin.end();
}
