import type { Executor } from "../executor";

/** Failed logins, kept 15 minutes' worth at a time, counted per account and per IP. */
export async function insertAuthFailure(db: Executor, failure: { email: string; ip: string; at: Date }): Promise<void> {
  await db.insertInto("auth_failures").values({ email: failure.email, ip: failure.ip, created_at: failure.at }).execute();
}

/**
 * The date of the n-th most recent failure since `since` for an account or an IP (n from 1),
 * or null when there are fewer: the limit is reached when it exists, and lifts when it ages out.
 */
export async function nthRecentFailure(
  db: Executor,
  by: { email: string } | { ip: string },
  n: number,
  since: Date,
): Promise<Date | null> {
  let query = db.selectFrom("auth_failures").select("created_at").where("created_at", ">", since);
  query = "email" in by ? query.where("email", "=", by.email) : query.where("ip", "=", by.ip);
  const row = await query
    .orderBy("created_at", "desc")
    .offset(n - 1)
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.created_at) : null;
}

export async function deleteAuthFailuresForEmail(db: Executor, email: string): Promise<void> {
  await db.deleteFrom("auth_failures").where("email", "=", email).execute();
}

/** Forgets an account's and an IP's failures older than `before` (both lookups use an index). */
export async function pruneAuthFailures(db: Executor, by: { email: string; ip: string }, before: Date): Promise<void> {
  await db
    .deleteFrom("auth_failures")
    .where("created_at", "<", before)
    .where((eb) => eb.or([eb("email", "=", by.email), eb("ip", "=", by.ip)]))
    .execute();
}
