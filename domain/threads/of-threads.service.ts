import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { DomainError, invalid } from "../errors";
import { getOrCreateOfDossier, requireIndicator } from "../dossiers/dossier-access";
import type { OfScope } from "../dossiers/of-scope";
import { recordEvent } from "../dossiers/timeline";
import { recordMessagePosted } from "./thread-events";
import { hasForbiddenCharacters } from "../validation/fields";

/**
 * The OF's side of the per-indicator discussion with funders. A thread is found through the OF's own
 * dossier (organisation in the WHERE): a thread id from another OF finds nothing.
 */
export const MESSAGE_MAX = 10_000;

export interface MessageView {
  id: string;
  body: string;
  authorName: string | null;
  authorOrganisationName: string | null;
  fromOf: boolean;
  fileId: string | null;
  fileName: string | null;
  createdAt: string;
}

export async function listThreadMessages(db: Executor, organisationId: string, threadId: string): Promise<MessageView[]> {
  const thread = await db
    .selectFrom("threads")
    .innerJoin("dossiers", "dossiers.id", "threads.dossier_id")
    .select("threads.id")
    .where("threads.id", "=", threadId)
    .where("dossiers.organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!thread) throw new DomainError("not_found", "errors.notFound");
  const rows = await db
    .selectFrom("messages")
    .leftJoin("users", "users.id", "messages.author_id")
    .leftJoin("organisations", "organisations.id", "messages.author_organisation_id")
    .leftJoin("files", "files.id", "messages.file_id")
    .select([
      "messages.id",
      "messages.body",
      "messages.file_id",
      "messages.created_at",
      "messages.author_organisation_id",
      "users.full_name",
      "users.email",
      "organisations.name as organisation_name",
      "files.file_name",
    ])
    .where("messages.thread_id", "=", thread.id)
    .orderBy("messages.created_at")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    body: r.body,
    authorName: r.full_name || r.email || null,
    authorOrganisationName: r.organisation_name,
    fromOf: r.author_organisation_id === organisationId,
    fileId: r.file_id,
    fileName: r.file_name,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** The indicator's thread id in the OF's dossier, or null when nobody wrote yet. */
export async function findIndicatorThreadId(db: Executor, dossierId: string, indicatorId: string): Promise<string | null> {
  const row = await db
    .selectFrom("threads")
    .select("id")
    .where("dossier_id", "=", dossierId)
    .where("indicator_id", "=", indicatorId)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function postOfMessage(db: Executor, scope: OfScope, code: string, body: string, fileId: string | null = null) {
  const text = body.trim();
  if (!text) throw invalid({ body: ["errors.required"] });
  if (text.length > MESSAGE_MAX) throw invalid({ body: ["errors.tooLong"] });
  if (hasForbiddenCharacters(text)) throw invalid({ body: ["validation.text.controlCharacters"] });
  return inTransaction(db, async (trx) => {
    const dossier = await getOrCreateOfDossier(trx, scope.organisationId, scope.actor.userId);
    const indicator = await requireIndicator(trx, dossier.referentiel_version_id, code);
    if (fileId) {
      const own = await trx
        .selectFrom("files")
        .select("id")
        .where("id", "=", fileId)
        .where("organisation_id", "=", scope.organisationId)
        .executeTakeFirst();
      if (!own) throw new DomainError("not_found", "errors.notFound");
    }
    let threadId = await findIndicatorThreadId(trx, dossier.id, indicator.id);
    if (!threadId) {
      const created = await trx
        .insertInto("threads")
        .values({ dossier_id: dossier.id, indicator_id: indicator.id })
        .onConflict((oc) => oc.columns(["dossier_id", "indicator_id"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      threadId = created?.id ?? (await findIndicatorThreadId(trx, dossier.id, indicator.id))!;
    }
    const message = await trx
      .insertInto("messages")
      .values({
        thread_id: threadId,
        author_id: scope.actor.userId,
        author_organisation_id: scope.organisationId,
        body: text,
        file_id: fileId,
      })
      .returning(["id", "created_at"])
      .executeTakeFirstOrThrow();
    await recordEvent(trx, { dossierId: dossier.id, actorId: scope.actor.userId, kind: "message.posted", payload: { code } });
    const posted = { threadId, messageId: message.id, dossierId: dossier.id, body: text };
    // The examiner in charge, the co-examiners and the thread's funder-side authors are told by the notification handler.
    const coExaminers = await trx.selectFrom("dossier_co_examiners").select("user_id").where("dossier_id", "=", dossier.id).execute();
    await recordMessagePosted(trx, { ...posted, code, createdAt: new Date(message.created_at).toISOString() }, scope.actor, true, {
      organisationId: scope.organisationId,
      examinerId: dossier.examiner_id,
      authorOrganisationName: scope.actor.memberships[0]?.organisationName ?? "",
      coExaminerIds: coExaminers.map((c) => c.user_id),
    });
    return posted;
  });
}
