import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { migrateToLatest } from "../db/migrate";
import { loadReferentiels } from "../db/seed/load-referentiels";
import { isDatabaseEmpty, seedDemo } from "../domain/demo/seed-demo";
import type { Logger } from "./logger";

/** At start-up: migrations, référentiels (idempotent), and the demo data when the database is empty. */
export async function prepareData(db: Kysely<Database>, options: { seedDemo: boolean; logger: Logger }): Promise<void> {
  const { logger } = options;
  const migrated = await migrateToLatest(db);
  const applied = migrated.results?.filter((r) => r.status === "Success").map((r) => r.migrationName) ?? [];
  if (applied.length > 0) logger.info({ applied }, "migrations applied");
  await loadReferentiels(db);
  if (options.seedDemo && (await isDatabaseEmpty(db))) {
    logger.info("empty database: seeding demo data");
    await seedDemo(db, {
      onProgress: (step, done, total) => logger.info({ step, done, total }, "demo seed"),
    });
    logger.info("demo data ready");
  }
}
