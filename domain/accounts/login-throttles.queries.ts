import { sql } from "kysely";
import type { Executor } from "../../db/executor";

/** The per-address row's account: no account is the empty string. */
export const ANY_ACCOUNT = "";

export interface ThrottleRow {
  account: string;
  address: string;
  failures: number;
  blockedUntil: Date;
}

/** The rows for an (account, address) pair and for the address alone. */
export async function findThrottles(db: Executor, account: string, address: string): Promise<ThrottleRow[]> {
  const rows = await db
    .selectFrom("login_throttles")
    .select(["account", "address", "failures", "blocked_until"])
    .where("address", "=", address)
    .where("account", "in", [account, ANY_ACCOUNT])
    .execute();
  return rows.map((r) => ({ account: r.account, address: r.address, failures: r.failures, blockedUntil: new Date(r.blocked_until) }));
}

/**
 * Counts one failure atomically (an upsert, so concurrent instances never lose one). A row whose
 * last failure is older than `restartBefore` starts again from 1. Returns the new count.
 */
export async function countFailure(
  db: Executor,
  key: { account: string; address: string },
  now: Date,
  restartBefore: Date,
): Promise<number> {
  const row = await db
    .insertInto("login_throttles")
    .values({ account: key.account, address: key.address, failures: 1, last_failure_at: now, blocked_until: now })
    .onConflict((oc) =>
      oc.columns(["account", "address"]).doUpdateSet({
        failures: sql<number>`case when login_throttles.last_failure_at < ${restartBefore} then 1 else login_throttles.failures + 1 end`,
        last_failure_at: now,
      }),
    )
    .returning("failures")
    .executeTakeFirstOrThrow();
  return row.failures;
}

export async function setBlockedUntil(db: Executor, key: { account: string; address: string }, until: Date): Promise<void> {
  await db
    .updateTable("login_throttles")
    .set({ blocked_until: until })
    .where("account", "=", key.account)
    .where("address", "=", key.address)
    .execute();
}

/** Forgets one (account, address) pair: a successful login from that address. */
export async function deleteThrottle(db: Executor, account: string, address: string): Promise<void> {
  await db.deleteFrom("login_throttles").where("account", "=", account).where("address", "=", address).execute();
}

/** Forgets an account's throttles from every address: a completed password reset. */
export async function deleteAccountThrottles(db: Executor, account: string): Promise<void> {
  await db.deleteFrom("login_throttles").where("account", "=", account).execute();
}

/** Drops rows that no longer slow anyone down and would restart from zero anyway. */
export async function pruneThrottles(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom("login_throttles").where("last_failure_at", "<", before).where("blocked_until", "<", before).execute();
}

/** True when the account completed a password reset since `since` (its reset link was used). */
export async function resetCompletedSince(db: Executor, email: string, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom("email_tokens")
    .select("id")
    .where("kind", "=", "reset_password")
    .where("email", "=", email)
    .where("used_at", ">", since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Throttle rows whose last failure and block both ended before `before` (retention, decision record 039). */
export async function purgeLoginThrottles(db: Executor, before: Date): Promise<number> {
  const rows = await db
    .deleteFrom("login_throttles")
    .where("last_failure_at", "<", before)
    .where("blocked_until", "<", before)
    .returning("account")
    .execute();
  return rows.length;
}
