import type { Executor } from "../../db/executor";
import type { ThreadMessagePosted, ThreadMessageRecipients } from "../events/domain-event";
import { mentionedParticipants, threadParticipants } from "../threads/mentions";
import { memberUserIds, notifyUsers } from "./notifications.service";

/**
 * Who hears of a message posted in an indicator's thread (called after the commit by
 * server/events/notification-handler.ts, from the `thread.message_posted` event):
 * - those it names with @ (participants only, decision 016) get a "mention";
 * - an OF's message: the examiner in charge and the thread's funder-side authors get "message.posted";
 * - a funder's message: the OF's active members get "message.posted".
 * The author is never told, and nobody gets both.
 */
export async function notifyOfThreadMessage(db: Executor, message: ThreadMessagePosted): Promise<void> {
  // Recorded before this handler existed: its notifications were written with the message.
  const { recipients } = message;
  if (!recipients) return;
  const mentioned = await notifyMentions(db, message, recipients);
  const told = message.fromOf ? await funderSideOfThread(db, message, recipients) : await memberUserIds(db, recipients.organisationId);
  const plain = told.filter((id) => id !== message.authorId && !mentioned.includes(id));
  await notifyUsers(db, plain, "message.posted", { code: message.indicatorCode, organisation: recipients.authorOrganisationName });
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
  await notifyUsers(db, ids, "mention", { code: message.indicatorCode, author: message.authorName, dossierId: message.dossierId });
  return ids;
}

/** The examiner (when the message was posted) and the funder-side authors of the thread. */
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
  if (recipients.examinerId) ids.add(recipients.examinerId);
  return [...ids];
}
