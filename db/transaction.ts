import type { Executor } from "./executor";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema";

/** Run once the work it was registered in is committed; receives the database (not the transaction). */
export type AfterCommit = (db: Kysely<Database>) => Promise<void>;

// Shared through globalThis: the Remix build bundles its own copy of this module, and a callback
// registered by one copy must run when the other commits.
const PENDING = Symbol.for("datadock.db.afterCommit");
const pending: WeakMap<Transaction<Database>, AfterCommit[]> = ((globalThis as Record<symbol, unknown>)[PENDING] ??=
  new WeakMap()) as WeakMap<Transaction<Database>, AfterCommit[]>;

/**
 * Runs `fn` in a transaction, or inside the caller's when `db` already is one (Kysely cannot nest),
 * so services compose: a service called with a transaction joins it.
 */
export async function inTransaction<T>(db: Executor, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  let callbacks: AfterCommit[] = [];
  const result = await db.transaction().execute(async (trx) => {
    const value = await fn(trx);
    callbacks = pending.get(trx) ?? [];
    return value;
  });
  for (const callback of callbacks) await callback(db as Kysely<Database>);
  return result;
}

/**
 * Registers `callback` to run after the commit of the transaction `db` belongs to (opened by
 * inTransaction), or at once when `db` is not a transaction (its statements are already committed).
 * Nothing runs for a transaction that rolls back. A transaction opened elsewhere than inTransaction
 * never runs its callbacks: what they do must also happen without them (the outbox is polled).
 */
export async function afterCommit(db: Executor, callback: AfterCommit): Promise<void> {
  if (!db.isTransaction) return callback(db as Kysely<Database>);
  const trx = db as Transaction<Database>;
  const list = pending.get(trx) ?? [];
  list.push(callback);
  pending.set(trx, list);
}

/** PostgreSQL's unique_violation, with the constraint it hit. */
export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (e?.code !== "23505") return null;
  return e.constraint ?? e.message ?? "";
}
