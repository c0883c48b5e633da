import type { Executor } from "../../db/executor";

/** Emails are stored lower-case (a CHECK enforces it): callers pass them normalised. */
export function findUserByEmail(db: Executor, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "email", "full_name", "password_hash", "email_verified_at", "disabled_at"])
    .where("email", "=", email)
    .executeTakeFirst();
}

export function findUserById(db: Executor, userId: string) {
  return db
    .selectFrom("users")
    .select(["id", "email", "full_name", "password_hash", "email_verified_at", "disabled_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
}

export async function emailTaken(db: Executor, email: string): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  return row !== undefined;
}

export async function insertUser(
  db: Executor,
  user: { email: string; fullName: string; passwordHash: string; emailVerifiedAt?: Date | null },
): Promise<string> {
  const row = await db
    .insertInto("users")
    .values({
      email: user.email,
      full_name: user.fullName,
      password_hash: user.passwordHash,
      email_verified_at: user.emailVerifiedAt ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * An account for an outside expert asked for an opinion (issue 15.7): no password, no membership, the
 * address not verified yet. The mailed invitation (or a password reset) sets the password and proves the address.
 */
export async function insertPasswordlessUser(db: Executor, user: { email: string; fullName: string }): Promise<string> {
  const row = await db
    .insertInto("users")
    .values({ email: user.email, full_name: user.fullName, password_hash: null, email_verified_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Sets the name and password of an account set up from an invitation link. */
export async function setUpAccount(db: Executor, userId: string, account: { fullName: string; passwordHash: string }): Promise<void> {
  await db
    .updateTable("users")
    .set({ full_name: account.fullName, password_hash: account.passwordHash })
    .where("id", "=", userId)
    .execute();
}

/** Sets email_verified_at once; a second call keeps the first date. */
export async function markEmailVerified(db: Executor, userId: string, at: Date): Promise<void> {
  await db.updateTable("users").set({ email_verified_at: at }).where("id", "=", userId).where("email_verified_at", "is", null).execute();
}

export async function updatePasswordHash(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", userId).execute();
}
