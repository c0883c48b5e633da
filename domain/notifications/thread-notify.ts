import type { Executor } from "../../db/executor";
import type { ThreadMessagePosted, ThreadMessageRecipients } from "../events/domain-event";
import { mentionedParticipants, threadParticipants } from "../threads/mentions";
import { emailUsers, memberUserIds, notifyUsers } from "./notifications.service";
import { notificationPath } from "./notification-view";
import type { NotifyDeps } from "./of-notify";

/**
 * Who hears of a message posted in an indicator's thread (called after the commit by
 * server/events/notification-handler.ts, from the `thread.message_posted` event):
 * - those it names with @ (participants only, decision 016) get a "mention";
 * - an OF's message: the examiner in charge, the co-examiners and the thread's funder-side authors get
 *   "message.posted"; the examiner and co-examiners also get it by email (the OF answered on a dossier
 *   they examine, decision record 045);
 * - a funder's message: the OF's active members get "message.posted".
 * The author is never told, and nobody gets both in-app.
 */
export async function notifyOfThreadMessage(deps: NotifyDeps, message: ThreadMessagePosted): Promise<void> {
  const { db } = deps;
  // Recorded before this handler existed (its notifications were written with the message), or told
  // another way (a decision's reason posted in the thread: the OF hears of it from indicator.decided).
  const { recipients } = message;
  if (!recipients) return;
  const mentioned = await notifyMentions(db, message, recipients);
  const told = message.fromOf ? await funderSideOfThread(db, message, recipients) : await memberUserIds(db, recipients.organisationId);
  const plain = told.filter((id) => id !== message.authorId && !mentioned.includes(id));
  const payload = {
    code: message.indicatorCode,
    organisation: recipients.authorOrganisationName,
    dossierId: message.dossierId,
    messageId: String(message.messageId),
  };
  await notifyUsers(db, plain, "message.posted", payload);
  if (!message.fromOf) return;
  const examiners = examinersOf(recipients).filter((id) => id !== message.authorId);
  await emailUsers(
    db,
    deps.mailer,
    deps.publicUrl,
    examiners,
    "message.posted",
    payload,
    notificationPath("message.posted", payload, "funder"),
  );
}

/** The examiner in charge and the co-examiners when the message was posted. */
function examinersOf(recipients: ThreadMessageRecipients): string[] {
  const ids = new Set(recipients.coExaminerIds ?? []);
  if (recipients.examinerId) ids.add(recipients.examinerId);
  return [...ids];
}

/** Notifies (kind "mention") the participants the message names; returns their ids. */
async function notifyMentions(db: Executor, message: ThreadMessagePosted, recipients: ThreadMessageRecipients) {
  if (!message.body.includes("@")) return [];
  const participants = await threadParticipants(db, {
    organisationId: recipients.organisationId,
    examinerId: recipients.examinerId,
    threadId: message.threadId,
  });
  const ids = mentionedParticipants(message.body, participants, message.authorId).map((p) => p.id);
  await notifyUsers(db, ids, "mention", {
    code: message.indicatorCode,
    author: message.authorName,
    dossierId: message.dossierId,
    messageId: String(message.messageId),
  });
  return ids;
}

/** The examiner and co-examiners (when the message was posted) and the funder-side authors of the thread. */
async function funderSideOfThread(db: Executor, message: ThreadMessagePosted, recipients: ThreadMessageRecipients) {
  const authors = await db
    .selectFrom("messages")
    .select("author_id")
    .distinct()
    .where("thread_id", "=", message.threadId)
    .where("author_organisation_id", "<>", recipients.organisationId)
    .where("author_id", "is not", null)
    .execute();
  const ids = new Set(authors.map((r) => r.author_id!));
  for (const id of examinersOf(recipients)) ids.add(id);
  return [...ids];
}
