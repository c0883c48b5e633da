import type { Executor } from "./executor";
import type { Transaction } from "kysely";
import type { Database } from "./schema";

/**
 * Runs `fn` in a transaction, or inside the caller's when `db` already is one (Kysely cannot nest),
 * so services compose: a service called with a transaction joins it.
 */
export function inTransaction<T>(db: Executor, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  return db.transaction().execute(fn);
}

/** PostgreSQL's unique_violation, with the constraint it hit. */
export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (e?.code !== "23505") return null;
  return e.constraint ?? e.message ?? "";
}
