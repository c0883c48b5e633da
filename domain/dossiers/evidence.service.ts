import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { DomainError, invalid } from "../errors";
import { editsAreRevisions, editTarget, touchAnswer, URL_MAX, type EditTarget } from "./answers.service";
import { reviseAddEvidence, reviseRemoveEvidence, reviseReplaceEvidence } from "./revisions.service";
import { findFormRules } from "../referentiels/form-rules.queries";
import { inTransaction } from "../../db/transaction";
import type { OfScope } from "./of-scope";
import { recordEvent } from "./timeline";
import { selectDossierEvidence } from "./evidence.queries";
import { hasForbiddenCharacters, isUuid } from "../validation/fields";
import { recordDomainEvent } from "../events/record-event";
import { eventActor } from "../events/domain-event";

/**
 * Evidence of an indicator: files already stored (see domain/files) or links. Replacing keeps the old
 * item, pointing at its successor (`replaced_by`); removing stamps `removed_at`. Nothing is deleted.
 */

export type EvidenceInput = { kind: "file"; fileId: string; label?: string } | { kind: "link"; url: string; label?: string };

export function normaliseUrl(raw: string): string {
  const value = raw.trim();
  if (value.length === 0) throw invalid({ url: ["errors.required"] });
  if (value.length > URL_MAX) throw invalid({ url: ["errors.tooLong"] });
  if (hasForbiddenCharacters(value)) throw invalid({ url: ["validation.text.controlCharacters"] });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid({ url: ["dossier.evidence.badUrl"] });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid({ url: ["dossier.evidence.badUrl"] });
  return url.toString();
}

async function assertOwnFile(db: Executor, organisationId: string, fileId: string) {
  const file = await db
    .selectFrom("files")
    .select(["id", "file_name"])
    .where("id", "=", fileId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!file) throw new DomainError("not_found", "errors.notFound");
  return file;
}

async function insertEvidence(db: Executor, scope: OfScope, target: EditTarget, input: EvidenceInput) {
  const answer = await touchAnswer(db, target, scope.actor.userId, {});
  let label = input.label?.trim().slice(0, 300) ?? "";
  if (input.kind === "file") {
    const file = await assertOwnFile(db, scope.organisationId, input.fileId);
    if (!label) label = file.file_name;
  }
  const url = input.kind === "link" ? normaliseUrl(input.url) : null;
  return db
    .insertInto("evidence")
    .values({
      answer_id: answer.id,
      kind: input.kind,
      file_id: input.kind === "file" ? input.fileId : null,
      url,
      label: label || (url ?? ""),
      created_by: scope.actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The domain event of an evidence change (decision 030): the funders' open pages and the activity feed. */
function evidenceChanged(db: Executor, scope: OfScope, target: EditTarget, code: string, label: string | null) {
  return recordDomainEvent(db, {
    type: "evidence.changed",
    payload: {
      dossierId: target.dossier.id,
      organisationId: scope.organisationId,
      indicatorCode: code,
      label,
      actor: eventActor(scope.actor),
    },
  });
}

/**
 * The référentiel version's evidence rule (issue 14.9): at most N live items per indicator. The
 * dossier row is locked first so two uploads at once cannot both take the last place. Replacing an
 * item keeps the count; an indicator already over a lowered limit keeps its items until some are removed.
 */
async function assertRoomForEvidence(db: Executor, target: EditTarget): Promise<void> {
  await db.selectFrom("dossiers").select("id").where("id", "=", target.dossier.id).forUpdate().execute();
  const rules = await findFormRules(db, target.dossier.referentiel_version_id);
  if (!rules) return;
  const live = await db
    .selectFrom("evidence")
    .innerJoin("indicator_answers", "indicator_answers.id", "evidence.answer_id")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("indicator_answers.dossier_id", "=", target.dossier.id)
    .where("indicator_answers.indicator_id", "=", target.indicator.id)
    .where("evidence.replaced_by", "is", null)
    .where("evidence.removed_at", "is", null)
    .executeTakeFirstOrThrow();
  if (Number(live.n) >= rules.evidenceMaxPerIndicator) {
    throw new DomainError("validation", "dossier.evidence.tooMany", { max: rules.evidenceMaxPerIndicator });
  }
}

/** A link's URL normalised; a file's input as is. */
function normalisedInput(input: EvidenceInput): EvidenceInput {
  return input.kind === "link" ? { ...input, url: normaliseUrl(input.url) } : input;
}

/** Adds an item; a datadocké dossier's goes into the indicator's pending revision (decision record 038). */
export async function addEvidence(db: Executor, scope: OfScope, code: string, input: EvidenceInput) {
  if (await editsAreRevisions(db, scope)) return reviseAddEvidence(db, scope, code, normalisedInput(input));
  return inTransaction(db, async (trx) => {
    const target = await editTarget(trx, scope, code);
    await assertRoomForEvidence(trx, target);
    const evidence = await insertEvidence(trx, scope, target, input);
    await recordEvent(trx, {
      dossierId: target.dossier.id,
      actorId: scope.actor.userId,
      kind: "evidence.added",
      payload: { code, kind: input.kind, label: evidence.label },
    });
    await evidenceChanged(trx, scope, target, code, evidence.label);
    return evidence;
  });
}

/** A live evidence item of this indicator in the OF's own dossier, or not found. */
async function requireLiveEvidence(db: Executor, target: EditTarget, evidenceId: string) {
  if (!isUuid(evidenceId)) throw new DomainError("not_found", "errors.notFound");
  const row = await db
    .selectFrom("evidence")
    .innerJoin("indicator_answers", "indicator_answers.id", "evidence.answer_id")
    .selectAll("evidence")
    .where("evidence.id", "=", evidenceId)
    .where("indicator_answers.dossier_id", "=", target.dossier.id)
    .where("indicator_answers.indicator_id", "=", target.indicator.id)
    .where("evidence.replaced_by", "is", null)
    .where("evidence.removed_at", "is", null)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "errors.notFound");
  return row;
}

export async function replaceEvidence(db: Executor, scope: OfScope, code: string, evidenceId: string, input: EvidenceInput) {
  if (await editsAreRevisions(db, scope)) return reviseReplaceEvidence(db, scope, code, evidenceId, normalisedInput(input));
  return inTransaction(db, async (trx) => {
    const target = await editTarget(trx, scope, code);
    const old = await requireLiveEvidence(trx, target, evidenceId);
    const label = input.label || (input.kind === "link" && old.kind === "link" ? old.label : undefined);
    const next = await insertEvidence(trx, scope, target, { ...input, label });
    await trx.updateTable("evidence").set({ replaced_by: next.id }).where("id", "=", old.id).execute();
    await recordEvent(trx, {
      dossierId: target.dossier.id,
      actorId: scope.actor.userId,
      kind: "evidence.replaced",
      payload: { code, label: next.label },
    });
    await evidenceChanged(trx, scope, target, code, next.label);
    return next;
  });
}

export async function removeEvidence(db: Executor, scope: OfScope, code: string, evidenceId: string) {
  if (await editsAreRevisions(db, scope)) return reviseRemoveEvidence(db, scope, code, evidenceId);
  return inTransaction(db, async (trx) => {
    const target = await editTarget(trx, scope, code);
    const old = await requireLiveEvidence(trx, target, evidenceId);
    await touchAnswer(trx, target, scope.actor.userId, {});
    await trx
      .updateTable("evidence")
      .set({ removed_at: sql`now()` })
      .where("id", "=", old.id)
      .execute();
    await recordEvent(trx, {
      dossierId: target.dossier.id,
      actorId: scope.actor.userId,
      kind: "evidence.removed",
      payload: { code, label: old.label },
    });
    await evidenceChanged(trx, scope, target, code, null);
  });
}

export interface EvidenceView {
  id: string;
  kind: "file" | "link";
  label: string;
  url: string | null;
  fileId: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  createdAt: string;
  replacedBy: string | null;
  removedAt: string | null;
}

/** Every evidence item of an answer, live ones first then history, newest first. */
export async function listEvidence(db: Executor, dossierId: string, indicatorId: string): Promise<EvidenceView[]> {
  const rows = await selectDossierEvidence(db, dossierId)
    .select(["evidence.created_at", "evidence.replaced_by", "evidence.removed_at", "files.size_bytes"])
    .where("indicator_answers.indicator_id", "=", indicatorId)
    .orderBy("evidence.created_at", "desc")
    .execute();
  const views = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    label: r.label,
    url: r.url,
    fileId: r.file_id,
    contentType: r.content_type,
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
    createdAt: new Date(r.created_at).toISOString(),
    replacedBy: r.replaced_by,
    removedAt: r.removed_at ? new Date(r.removed_at).toISOString() : null,
  }));
  const live = views.filter((v) => !v.replacedBy && !v.removedAt);
  return [...live, ...views.filter((v) => v.replacedBy || v.removedAt)];
}
