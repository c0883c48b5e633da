import type { Executor } from "../../db/executor";
import { recordDomainEvent } from "../events/record-event";
import type { ThreadMessageRecipients } from "../events/domain-event";
import type { Actor } from "../permissions/actor";
import { actorName } from "./thread-access";

/**
 * The one construction of a posted message's domain event (both sides post through it): the live
 * rooms and the activity feed follow from it, and so do the notifications of the thread's
 * participants (server/events/notification-handler.ts).
 */
export function recordMessagePosted(
  db: Executor,
  message: { dossierId: string; threadId: string; messageId: string; code: string; body: string; createdAt: string },
  author: Actor,
  fromOf: boolean,
  recipients: ThreadMessageRecipients,
): Promise<void> {
  return recordDomainEvent(db, {
    type: "thread.message_posted",
    payload: {
      dossierId: message.dossierId,
      threadId: message.threadId,
      messageId: message.messageId,
      indicatorCode: message.code,
      authorId: author.userId,
      authorName: actorName(author),
      fromOf,
      body: message.body,
      createdAt: message.createdAt,
      recipients,
    },
  });
}

/** A thread's read state or resolution changed: its open panels reload. */
export function recordThreadChanged(
  db: Executor,
  change: { dossierId: string; code: string; kind: "read" | "state"; userId: string },
): Promise<void> {
  return recordDomainEvent(db, { type: "thread.changed", payload: change });
}
