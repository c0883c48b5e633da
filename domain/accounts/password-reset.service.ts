import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { findUserByEmail, findUserById, markEmailVerified, updatePasswordHash } from "./users.queries";
import { closeOutstandingTokens } from "./email-tokens.queries";
import { notFound } from "../errors";
import { emailRequestSchema, newPasswordSchema, parseInput, type NewPasswordInput } from "./accounts.schema";
import { passwordResetEmail } from "./account-emails";
import { clock, sendAfterCommit, type AccountDeps } from "./deps";
import { checkEmailToken, consumeEmailToken, issueEmailToken, mailFloodReached } from "./email-tokens";
import { clearAccountThrottles } from "./login-throttle";
import { hashPassword } from "./password";
import { invalidateUserSessions } from "./session.service";

/**
 * "Mot de passe oublié": mails a link valid one hour when the address belongs to an active
 * account. Returns nothing either way, so the page answers the same whether the account exists.
 */
export async function requestPasswordReset(db: Executor, deps: AccountDeps, input: { email: string }): Promise<void> {
  const { email } = parseInput(emailRequestSchema, input);
  const now = clock(deps);
  const user = await findUserByEmail(db, email);
  if (!user || user.disabled_at !== null) return;
  if (await mailFloodReached(db, "reset_password", email, now)) return;
  const { token, expiresAt } = await issueEmailToken(db, { kind: "reset_password", email, userId: user.id }, now);
  await sendAfterCommit(deps.mailer, passwordResetEmail(email, { link: `${deps.publicUrl}/reinitialisation/${token}`, expiresAt }));
}

/** The account a reset link is for (the page shows the address), or the token's DomainError. */
export async function describeResetToken(db: Executor, token: string, options: { now?: () => Date } = {}): Promise<{ email: string }> {
  const row = await checkEmailToken(db, "reset_password", token, clock(options));
  return { email: row.email };
}

/**
 * Sets a new password from a reset link: token used (and the user's other reset links voided),
 * every session revoked, the account's login throttles cleared (the owner can always get back in),
 * then live.userAccessChanged so open sockets close. Clicking the link
 * proves the address, so an unverified email becomes verified.
 */
export async function resetPassword(
  db: Executor,
  deps: Pick<AccountDeps, "live" | "now">,
  token: string,
  input: NewPasswordInput,
): Promise<{ userId: string; email: string; revokedSessionIds: string[] }> {
  const now = clock(deps);
  await checkEmailToken(db, "reset_password", token, now);
  const { password } = parseInput(newPasswordSchema, input);
  const passwordHash = await hashPassword(password);

  const result = await inTransaction(db, async (trx) => {
    const row = await checkEmailToken(trx, "reset_password", token, now);
    const user = row.user_id ? await findUserById(trx, row.user_id) : undefined;
    if (!user) throw notFound("auth.reset.unknown");
    await consumeEmailToken(trx, row, now);
    await closeOutstandingTokens(trx, "reset_password", user.id, now);
    await updatePasswordHash(trx, user.id, passwordHash);
    await markEmailVerified(trx, user.id, now);
    await clearAccountThrottles(trx, user.email);
    const revokedSessionIds = await invalidateUserSessions(trx, user.id);
    return { userId: user.id, email: user.email, revokedSessionIds };
  });
  deps.live?.userAccessChanged(result.userId);
  return result;
}
