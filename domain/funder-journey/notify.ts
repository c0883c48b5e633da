import type { Executor } from "../../db/executor";
import type { Mailer } from "../mail/mailer";
import { translate } from "../i18n/translate";

export interface PendingMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Writes one notification row per active user of `organisationId` (inside the caller's transaction)
 * and returns the mails to send once the transaction has committed.
 */
export async function notifyOrganisationUsers(
  db: Executor,
  organisationId: string,
  kind: string,
  payload: Record<string, unknown>,
  mail: { subjectKey: string; textKey: string; params: Record<string, string | number> },
): Promise<PendingMail[]> {
  const users = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.email"])
    .where("memberships.organisation_id", "=", organisationId)
    .where("users.disabled_at", "is", null)
    .execute();
  if (users.length === 0) return [];
  await db
    .insertInto("notifications")
    .values(users.map((u) => ({ user_id: u.id, kind, payload: JSON.stringify(payload) })))
    .execute();
  const subject = translate(mail.subjectKey, mail.params);
  const text = translate(mail.textKey, mail.params);
  return users.map((u) => ({ to: u.email, subject, text }));
}

/** Sends mails after commit; a failing mail never undoes a committed decision. */
export async function sendAll(mailer: Mailer | undefined, mails: PendingMail[]): Promise<void> {
  if (!mailer) return;
  await Promise.allSettled(mails.map((m) => mailer.send(m)));
}
