import type { Executor } from "../../db/executor";
import type { EmailTokenKind, Role } from "../../db/schema";

/** Tokens mailed to users (verification, reset, invitation): only their SHA-256 is stored. */
export async function insertEmailToken(
  db: Executor,
  token: {
    tokenHash: string;
    kind: EmailTokenKind;
    email: string;
    expiresAt: Date;
    createdAt: Date;
    userId?: string | null;
    organisationId?: string | null;
    role?: Role | null;
    invitedBy?: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto("email_tokens")
    .values({
      token_hash: token.tokenHash,
      kind: token.kind,
      email: token.email,
      user_id: token.userId ?? null,
      organisation_id: token.organisationId ?? null,
      role: token.role ?? null,
      invited_by: token.invitedBy ?? null,
      expires_at: token.expiresAt,
      created_at: token.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findEmailToken(db: Executor, kind: EmailTokenKind, tokenHash: string) {
  return db.selectFrom("email_tokens").selectAll().where("token_hash", "=", tokenHash).where("kind", "=", kind).executeTakeFirst();
}

/** Marks a token used unless it already was; false when another request used it first. */
export async function markEmailTokenUsed(db: Executor, tokenId: string, at: Date): Promise<boolean> {
  const rows = await db
    .updateTable("email_tokens")
    .set({ used_at: at })
    .where("id", "=", tokenId)
    .where("used_at", "is", null)
    .returning("id")
    .execute();
  return rows.length > 0;
}

/** How many tokens of a kind were mailed to an address since a date (mail flood guard). */
export async function countEmailTokensSince(db: Executor, kind: EmailTokenKind, email: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("email_tokens")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("kind", "=", kind)
    .where("email", "=", email)
    .where("created_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Closes a user's other outstanding tokens of a kind (a new reset link voids the older ones). */
export async function closeOutstandingTokens(db: Executor, kind: EmailTokenKind, userId: string, at: Date): Promise<void> {
  await db
    .updateTable("email_tokens")
    .set({ used_at: at })
    .where("kind", "=", kind)
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .execute();
}

/** Mailed tokens expired or used before `before` (retention, decision record 039); returns how many. */
export async function purgeSpentEmailTokens(db: Executor, before: Date): Promise<number> {
  const rows = await db
    .deleteFrom("email_tokens")
    .where((eb) => eb.or([eb("expires_at", "<", before), eb("used_at", "<", before)]))
    .returning("id")
    .execute();
  return rows.length;
}
