import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { DomainError, invalid } from "../errors";
import type { Actor } from "../permissions/actor";
import { recordEvent } from "../dossiers/timeline";
import { memberUserIds, notifyUsers } from "../notifications/notifications.service";
import { notifyMentions } from "./mentions";
import { recordMessagePosted } from "./thread-events";
import { MESSAGE_MAX } from "./of-threads.service";
import { actorName, actorOrganisationName, ensureThread, requireThreadAccess } from "./thread-access";
import { hasForbiddenCharacters } from "../validation/fields";

/**
 * A funder's reply in an indicator's thread. The OF's staff hear about it ("message.posted"),
 * those named with @ get a "mention" instead.
 */
export async function postFunderMessage(db: Executor, actor: Actor, dossierId: string, code: string, body: string) {
  const text = body.trim();
  if (!text) throw invalid({ body: ["errors.required"] });
  if (text.length > MESSAGE_MAX) throw invalid({ body: ["errors.tooLong"] });
  if (hasForbiddenCharacters(text)) throw invalid({ body: ["validation.text.controlCharacters"] });
  return inTransaction(db, async (trx) => {
    const access = await requireThreadAccess(trx, actor, dossierId, code);
    if (access.side !== "funder") throw new DomainError("forbidden", "threads.errors.cannotPost");
    const threadId = await ensureThread(trx, access);
    const message = await trx
      .insertInto("messages")
      .values({ thread_id: threadId, author_id: actor.userId, author_organisation_id: access.actorOrganisationId, body: text })
      .returning(["id", "created_at"])
      .executeTakeFirstOrThrow();
    await recordEvent(trx, { dossierId: access.dossierId, actorId: actor.userId, kind: "message.posted", payload: { code: access.code } });
    const author = { userId: actor.userId, name: actorName(actor) };
    const mentioned = await notifyMentions(trx, { ...access, threadId }, text, author, String(message.id));
    const staff = (await memberUserIds(trx, access.organisationId)).filter((id) => !mentioned.includes(id));
    await notifyUsers(trx, staff, "message.posted", {
      code: access.code,
      organisation: actorOrganisationName(actor),
      dossierId: access.dossierId,
      messageId: String(message.id),
    });
    const posted = {
      dossierId: access.dossierId,
      threadId,
      messageId: message.id,
      body: text,
      createdAt: new Date(message.created_at).toISOString(),
    };
    await recordMessagePosted(trx, { ...posted, code }, actor, false);
    return { ...posted, organisationId: access.organisationId, mentioned };
  });
}
