import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { DomainError, invalid } from "../errors";
import type { Actor } from "../permissions/actor";
import { recordEvent } from "../dossiers/timeline";
import { recordMessagePosted } from "./thread-events";
import { MESSAGE_MAX } from "./of-threads.service";
import { actorOrganisationName, ensureThread, requireThreadAccess } from "./thread-access";
import { hasForbiddenCharacters } from "../validation/fields";

/**
 * A funder's reply in an indicator's thread. The OF's staff hear about it ("message.posted"),
 * those named with @ get a "mention" instead: from the recorded event, after the commit.
 */
export async function postFunderMessage(db: Executor, actor: Actor, dossierId: string, code: string, body: string) {
  const text = body.trim();
  if (!text) throw invalid({ body: ["errors.required"] });
  if (text.length > MESSAGE_MAX) throw invalid({ body: ["errors.tooLong"] });
  if (hasForbiddenCharacters(text)) throw invalid({ body: ["validation.text.controlCharacters"] });
  return inTransaction(db, async (trx) => {
    const { access, posted } = await insertFunderMessage(trx, actor, dossierId, code, text);
    // The OF's staff and those named with @ are told by the notification handler.
    await recordMessagePosted(trx, { ...posted, code }, actor, false, {
      organisationId: access.organisationId,
      examinerId: access.examinerId,
      authorOrganisationName: actorOrganisationName(actor),
    });
    return { ...posted, organisationId: access.organisationId };
  });
}

/**
 * An examiner's reason (à compléter, non conforme) becomes a message of the indicator's thread, authored
 * by the reviewer, in the decision's transaction (decision record 035): the OF reads it where it answers.
 * No notification here: the OF is told of the reason from `indicator.decided` (of-notify.ts); the
 * `thread.message_posted` event fans the message out to the live rooms.
 */
export async function postDecisionReason(db: Executor, actor: Actor, dossierId: string, code: string, reason: string) {
  return inTransaction(db, async (trx) => {
    const { access, posted } = await insertFunderMessage(trx, actor, dossierId, code, reason);
    // No recipients: the OF hears of the reason once, from `indicator.decided`, not also as a message.
    await recordMessagePosted(trx, { ...posted, code: access.code }, actor, false, null);
    return posted;
  });
}

/** The message row and its timeline entry, written by a funder in the indicator's thread (created if need be). */
async function insertFunderMessage(trx: Executor, actor: Actor, dossierId: string, code: string, body: string) {
  const access = await requireThreadAccess(trx, actor, dossierId, code);
  if (access.side !== "funder") throw new DomainError("forbidden", "threads.errors.cannotPost");
  const threadId = await ensureThread(trx, access);
  const message = await trx
    .insertInto("messages")
    .values({ thread_id: threadId, author_id: actor.userId, author_organisation_id: access.actorOrganisationId, body })
    .returning(["id", "created_at"])
    .executeTakeFirstOrThrow();
  await recordEvent(trx, { dossierId: access.dossierId, actorId: actor.userId, kind: "message.posted", payload: { code: access.code } });
  const posted = {
    dossierId: access.dossierId,
    threadId,
    messageId: message.id,
    body,
    createdAt: new Date(message.created_at).toISOString(),
  };
  return { access, posted };
}
