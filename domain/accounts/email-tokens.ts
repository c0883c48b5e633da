import type { Executor } from "../../db/executor";
import type { EmailToken, EmailTokenKind, Role } from "../../db/schema";
import { countEmailTokensSince, findEmailToken, insertEmailToken, markEmailTokenUsed } from "./email-tokens.queries";
import { DomainError } from "../errors";
import { generateToken, hashToken } from "./tokens";

const HOUR_MS = 60 * 60 * 1000;

/** How long a mailed link works. */
export const EMAIL_TOKEN_LIFETIME_MS: Record<EmailTokenKind, number> = {
  verify_email: 72 * HOUR_MS,
  reset_password: HOUR_MS,
  invitation: 7 * 24 * HOUR_MS,
  // An outside expert's account (issue 15.7): long enough for a request's usual delay.
  expert_invitation: 14 * 24 * HOUR_MS,
};

/** At most this many mails of one kind to one address per hour; further requests send nothing. */
export const EMAIL_TOKENS_PER_HOUR = 5;

const MESSAGE_PREFIX = {
  verify_email: "auth.verify",
  reset_password: "auth.reset",
  invitation: "auth.invitation",
  expert_invitation: "experts.invitation",
} as const satisfies Record<EmailTokenKind, string>;

/** Creates a token row (its hash only) and returns the secret for the emailed link. */
export async function issueEmailToken(
  db: Executor,
  fields: { kind: EmailTokenKind; email: string; userId?: string; organisationId?: string; role?: Role; invitedBy?: string },
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + EMAIL_TOKEN_LIFETIME_MS[fields.kind]);
  await insertEmailToken(db, { ...fields, tokenHash: hashToken(token), expiresAt, createdAt: now });
  return { token, expiresAt };
}

export async function mailFloodReached(db: Executor, kind: EmailTokenKind, email: string, now: Date): Promise<boolean> {
  return (await countEmailTokensSince(db, kind, email, new Date(now.getTime() - HOUR_MS))) >= EMAIL_TOKENS_PER_HOUR;
}

/**
 * The usable token row behind a link, or a DomainError whose key says why not:
 * `<area>.unknown` (never issued or malformed), `<area>.used`, `<area>.expired`.
 */
export async function checkEmailToken(db: Executor, kind: EmailTokenKind, token: string, now: Date): Promise<EmailToken> {
  const prefix = MESSAGE_PREFIX[kind];
  if (!/^[a-z2-7]{52}$/.test(token)) throw new DomainError("not_found", `${prefix}.unknown`);
  const row = await findEmailToken(db, kind, hashToken(token));
  if (!row) throw new DomainError("not_found", `${prefix}.unknown`);
  if (row.used_at !== null) throw new DomainError("conflict", `${prefix}.used`);
  if (now.getTime() >= new Date(row.expires_at).getTime()) throw new DomainError("conflict", `${prefix}.expired`);
  return row;
}

/** Marks the token used; a concurrent use of the same link loses with the `used` message. */
export async function consumeEmailToken(db: Executor, row: EmailToken, now: Date): Promise<void> {
  if (!(await markEmailTokenUsed(db, row.id, now))) throw new DomainError("conflict", `${MESSAGE_PREFIX[row.kind]}.used`);
}
