import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { AnswerRevision, Dossier } from "../../db/schema";
import { inTransaction } from "../../db/transaction";
import { DomainError } from "../errors";
import { recordDomainEvent } from "../events/record-event";
import { eventActor } from "../events/domain-event";
import { findFormRules } from "../referentiels/form-rules.queries";
import { isUuid } from "../validation/fields";
import { dossierExaminers } from "../examination/co-examiners";
import { findOfDossier, requireIndicator } from "./dossier-access";
import type { EditTarget } from "./answers.service";
import type { EvidenceInput } from "./evidence.service";
import type { OfScope } from "./of-scope";
import { recordEvent } from "./timeline";
import { findPendingRevision, listProposedEvidence } from "./revisions.queries";

/**
 * Updates of a datadocké dossier (issue 14.1, decision record 038). The OF edits any indicator at any
 * time; the change goes into the indicator's pending revision, kept beside the accepted answer, and
 * the dossier stays datadocké. The first change of an indicator opens its revision (the examiner is
 * told, from `answer_revision.opened`); every later change bumps the revision's version, so an
 * examiner decides on what they saw. answers.service.ts and evidence.service.ts send a datadocké
 * dossier's edits here.
 */

/** Whether the OF's dossier takes its edits as revisions (it is datadocké). */
export function isRevisedByOf(status: Dossier["status"]): boolean {
  return status === "datadocke";
}

/** The OF's datadocké dossier, locked, and the indicator; refused when the dossier is not datadocké. */
async function reviseTarget(db: Executor, scope: OfScope, code: string): Promise<EditTarget> {
  const found = await findOfDossier(db, scope.organisationId);
  if (!found) throw new DomainError("not_found", "errors.notFound");
  const dossier = await db.selectFrom("dossiers").selectAll().where("id", "=", found.id).forUpdate().executeTakeFirstOrThrow();
  if (!isRevisedByOf(dossier.status)) throw new DomainError("conflict", "dossier.readOnly", { status: dossier.status });
  const indicator = await requireIndicator(db, dossier.referentiel_version_id, code);
  return { dossier, indicator };
}

/** The indicator's pending revision, opened from the accepted answer when there is none (the dossier row is locked). */
async function openRevision(db: Executor, scope: OfScope, target: EditTarget): Promise<AnswerRevision> {
  const pending = await findPendingRevision(db, target.dossier.id, target.indicator.id);
  if (pending) return pending;
  await db
    .insertInto("indicator_answers")
    .values({ dossier_id: target.dossier.id, indicator_id: target.indicator.id, updated_by: scope.actor.userId })
    .onConflict((oc) => oc.columns(["dossier_id", "indicator_id"]).doNothing())
    .execute();
  const answer = await db
    .selectFrom("indicator_answers")
    .selectAll()
    .where("dossier_id", "=", target.dossier.id)
    .where("indicator_id", "=", target.indicator.id)
    .executeTakeFirstOrThrow();
  const revision = await db
    .insertInto("answer_revisions")
    .values({
      dossier_id: target.dossier.id,
      indicator_id: target.indicator.id,
      answer_id: answer.id,
      base_answer_version: answer.version,
      before_description: answer.description,
      before_not_applicable: answer.not_applicable,
      before_not_applicable_reason: answer.not_applicable_reason,
      description: answer.description,
      not_applicable: answer.not_applicable,
      not_applicable_reason: answer.not_applicable_reason,
      created_by: scope.actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const organisation = await db.selectFrom("organisations").select("name").where("id", "=", scope.organisationId).executeTakeFirstOrThrow();
  const examiners = await dossierExaminers(db, target.dossier);
  await recordEvent(db, {
    dossierId: target.dossier.id,
    actorId: scope.actor.userId,
    kind: "revision.opened",
    payload: { code: target.indicator.code, revisionId: revision.id },
  });
  await recordDomainEvent(db, {
    type: "answer_revision.opened",
    payload: {
      dossierId: target.dossier.id,
      organisationId: scope.organisationId,
      organisationName: organisation.name,
      revisionId: revision.id,
      indicatorCode: target.indicator.code,
      examinerIds: [...(examiners.examinerId ? [examiners.examinerId] : []), ...examiners.coExaminerIds],
      actor: eventActor(scope.actor),
    },
  });
  return revision;
}

type RevisionPatch = Partial<Pick<AnswerRevision, "description" | "not_applicable" | "not_applicable_reason">>;

async function touchRevision(db: Executor, revision: AnswerRevision, patch: RevisionPatch): Promise<AnswerRevision> {
  return db
    .updateTable("answer_revisions")
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where("id", "=", revision.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A revision's description (already sanitized and checked against the form rules by the caller). */
export async function reviseDescription(
  db: Executor,
  scope: OfScope,
  code: string,
  description: string,
  assertWithinRule: (db: Executor, target: EditTarget) => Promise<void>,
): Promise<AnswerRevision> {
  return inTransaction(db, async (trx) => {
    const target = await reviseTarget(trx, scope, code);
    await assertWithinRule(trx, target);
    const pending = await findPendingRevision(trx, target.dossier.id, target.indicator.id);
    if (pending && pending.description === description) return pending;
    const revision = await openRevision(trx, scope, target);
    if (revision.description === description) return revision;
    return touchRevision(trx, revision, { description });
  });
}

export async function reviseNotApplicable(
  db: Executor,
  scope: OfScope,
  code: string,
  notApplicable: boolean,
  reason: string,
): Promise<AnswerRevision> {
  return inTransaction(db, async (trx) => {
    const target = await reviseTarget(trx, scope, code);
    const revision = await openRevision(trx, scope, target);
    return touchRevision(trx, revision, { not_applicable: notApplicable, not_applicable_reason: notApplicable ? reason : null });
  });
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

/** The columns of a new item; `url` is already normalised by the caller. */
async function newItem(db: Executor, scope: OfScope, input: EvidenceInput, fallbackLabel?: string) {
  let label = input.label?.trim().slice(0, 300) ?? "";
  if (input.kind === "file") {
    const file = await assertOwnFile(db, scope.organisationId, input.fileId);
    if (!label) label = fallbackLabel ?? file.file_name;
    return { kind: "file" as const, file_id: input.fileId, url: null, label };
  }
  return { kind: "link" as const, file_id: null, url: input.url, label: label || fallbackLabel || input.url };
}

export async function reviseAddEvidence(db: Executor, scope: OfScope, code: string, input: EvidenceInput) {
  return inTransaction(db, async (trx) => {
    const target = await reviseTarget(trx, scope, code);
    const revision = await openRevision(trx, scope, target);
    const rules = await findFormRules(trx, target.dossier.referentiel_version_id);
    const proposed = await listProposedEvidence(trx, revision);
    if (rules && proposed.length >= rules.evidenceMaxPerIndicator) {
      throw new DomainError("validation", "dossier.evidence.tooMany", { max: rules.evidenceMaxPerIndicator });
    }
    const item = await newItem(trx, scope, input);
    const row = await trx
      .insertInto("revision_evidence")
      .values({ revision_id: revision.id, change: "added", ...item, created_by: scope.actor.userId })
      .returningAll()
      .executeTakeFirstOrThrow();
    await touchRevision(trx, revision, {});
    return row;
  });
}

/**
 * An item of the proposed set: an accepted item (evidence id) or one the revision brought in
 * (revision_evidence id). Not found otherwise.
 */
async function requireProposed(db: Executor, revision: AnswerRevision, id: string) {
  if (!isUuid(id)) throw new DomainError("not_found", "errors.notFound");
  const item = (await listProposedEvidence(db, revision)).find((e) => e.id === id);
  if (!item) throw new DomainError("not_found", "errors.notFound");
  return item;
}

export async function reviseReplaceEvidence(db: Executor, scope: OfScope, code: string, evidenceId: string, input: EvidenceInput) {
  return inTransaction(db, async (trx) => {
    const target = await reviseTarget(trx, scope, code);
    const revision = await openRevision(trx, scope, target);
    const old = await requireProposed(trx, revision, evidenceId);
    // A link replacing a link keeps the name the OF gave it (not a label that was only its old URL).
    const keptLabel = input.kind === "link" && old.kind === "link" && old.label !== old.url ? old.label : undefined;
    const item = await newItem(trx, scope, input, keptLabel);
    const row =
      old.change === null
        ? await trx
            .insertInto("revision_evidence")
            .values({ revision_id: revision.id, change: "replaced", evidence_id: old.id, ...item, created_by: scope.actor.userId })
            .returningAll()
            .executeTakeFirstOrThrow()
        : // An item the revision brought in: replaced in place, it was never accepted.
          await trx.updateTable("revision_evidence").set(item).where("id", "=", old.id).returningAll().executeTakeFirstOrThrow();
    await touchRevision(trx, revision, {});
    return row;
  });
}

export async function reviseRemoveEvidence(db: Executor, scope: OfScope, code: string, evidenceId: string) {
  return inTransaction(db, async (trx) => {
    const target = await reviseTarget(trx, scope, code);
    const revision = await openRevision(trx, scope, target);
    const old = await requireProposed(trx, revision, evidenceId);
    if (old.change === null) {
      await trx
        .insertInto("revision_evidence")
        .values({ revision_id: revision.id, change: "removed", evidence_id: old.id, created_by: scope.actor.userId })
        .execute();
    } else if (old.change === "added") {
      await trx.deleteFrom("revision_evidence").where("id", "=", old.id).execute();
    } else {
      // A replacement withdrawn: the accepted item it replaced goes too.
      await trx
        .updateTable("revision_evidence")
        .set({ change: "removed", kind: null, file_id: null, url: null, label: "" })
        .where("id", "=", old.id)
        .execute();
    }
    await touchRevision(trx, revision, {});
  });
}
