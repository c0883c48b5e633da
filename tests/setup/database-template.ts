import { pgliteExtensions } from "../../db/pglite-extensions";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateToLatest } from "../../db/migrate";

export type DatabaseTemplate = { driver: "postgres"; adminUrl: string; templateName: string } | { driver: "pglite"; dumpPath: string };

export function adminUrlFor(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function prepareTemplate(): Promise<DatabaseTemplate> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const templateName = `datadock_tpl_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create database ${templateName}`);
    await admin.end();
    const db = new Kysely<any>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: adminUrlFor(databaseUrl, templateName), max: 1 }) }),
    });
    await migrateToLatest(db);
    await db.destroy();
    return { driver: "postgres", adminUrl: databaseUrl, templateName };
  }
  const pglite = new PGlite("memory://", { extensions: pgliteExtensions });
  const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir("none");
  await db.destroy();
  if (!pglite.closed) await pglite.close();
  const dir = mkdtempSync(join(tmpdir(), "datadock-test-"));
  const dumpPath = join(dir, "template.tar");
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  return { driver: "pglite", dumpPath };
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
  await admin.query(`drop database if exists ${template.templateName} with (force)`);
  await admin.end();
}
