import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { findUserByEmail, findUserById, markEmailVerified } from "./users.queries";
import { notFound } from "../errors";
import { parseInput, emailRequestSchema } from "./accounts.schema";
import { verificationEmail } from "./account-emails";
import { clock, sendAfterCommit, type AccountDeps } from "./deps";
import { checkEmailToken, consumeEmailToken, issueEmailToken, mailFloodReached } from "./email-tokens";

/**
 * Confirms an email address from the link of the verification mail (valid 72 h, once).
 * Errors (DomainError keys): auth.verify.unknown, auth.verify.used, auth.verify.expired.
 */
export async function verifyEmail(
  db: Executor,
  token: string,
  options: { now?: () => Date } = {},
): Promise<{ userId: string; email: string }> {
  const now = clock(options);
  return inTransaction(db, async (trx) => {
    const row = await checkEmailToken(trx, "verify_email", token, now);
    const user = row.user_id ? await findUserById(trx, row.user_id) : undefined;
    if (!user) throw notFound("auth.verify.unknown");
    await consumeEmailToken(trx, row, now);
    await markEmailVerified(trx, user.id, now);
    return { userId: user.id, email: user.email };
  });
}

/**
 * Sends a new verification link when the address belongs to an unverified account. The answer is
 * the same whatever the case (no account, already verified, too many mails), so it reveals nothing.
 */
export async function resendVerification(db: Executor, deps: AccountDeps, input: { email: string }): Promise<void> {
  const { email } = parseInput(emailRequestSchema, input);
  const now = clock(deps);
  const user = await findUserByEmail(db, email);
  if (!user || user.email_verified_at !== null || user.disabled_at !== null) return;
  if (await mailFloodReached(db, "verify_email", email, now)) return;
  const { token, expiresAt } = await issueEmailToken(db, { kind: "verify_email", email, userId: user.id }, now);
  await sendAfterCommit(
    deps.mailer,
    verificationEmail(email, { fullName: user.full_name, link: `${deps.publicUrl}/verification/${token}`, expiresAt }),
  );
}
