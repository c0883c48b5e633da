import { formatNumber } from "../i18n/format";
import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { AnswerRevision, Dossier, IndicatorAnswer } from "../../db/schema";
import { DomainError, invalid } from "../errors";
import { getOrCreateOfDossier, requireIndicator, type IndicatorRow } from "./dossier-access";
import { inTransaction } from "../../db/transaction";
import type { OfScope } from "./of-scope";
import { isEditableByOf } from "./status-machine";
import { recordEvent } from "./timeline";
import { sanitizeRichText } from "./rich-text";
import { hasForbiddenCharacters } from "../validation/fields";
import { findFormRules } from "../referentiels/form-rules.queries";
import { visibleTextLength } from "./rich-text";
import { findOfDossier } from "./dossier-access";
import { isRevisedByOf, reviseDescription, reviseNotApplicable } from "./revisions.service";

/**
 * What an OF writes per indicator: description, "non concerné" + reason, evidence (files, links).
 * Every change bumps the answer's version; after a submission it marks the answer changed (so it goes
 * back to examination on resubmission) and makes a funder's validation on an older version stale.
 */

export const DESCRIPTION_MAX = 50_000;
export const REASON_MAX = 5_000;
export const URL_MAX = 2_000;

export interface EditTarget {
  dossier: Dossier;
  indicator: IndicatorRow;
}

/**
 * Whether the OF's edits go to a pending revision (a datadocké dossier, decision record 038) rather
 * than to the answers. Read before the edit's transaction; the revision service locks the dossier
 * and checks again.
 */
export async function editsAreRevisions(db: Executor, scope: OfScope): Promise<boolean> {
  const dossier = await findOfDossier(db, scope.organisationId);
  return dossier !== undefined && isRevisedByOf(dossier.status);
}

/** The OF's dossier and the indicator, refusing when the dossier is read-only (submitted, in examination…). */
export async function editTarget(db: Executor, scope: OfScope, code: string): Promise<EditTarget> {
  const found = await getOrCreateOfDossier(db, scope.organisationId, scope.actor.userId);
  // Edits of one dossier take its row lock first: they run one after the other (concurrent saves on
  // PostgreSQL deadlocked between the answer, evidence and timeline rows), and the status checked below
  // is the one the edit is written under.
  const dossier = await db.selectFrom("dossiers").selectAll().where("id", "=", found.id).forUpdate().executeTakeFirstOrThrow();
  if (!isEditableByOf(dossier.status)) {
    throw new DomainError("conflict", "dossier.readOnly", { status: dossier.status });
  }
  const indicator = await requireIndicator(db, dossier.referentiel_version_id, code);
  return { dossier, indicator };
}

type AnswerPatch = Partial<Pick<IndicatorAnswer, "description" | "not_applicable" | "not_applicable_reason">>;

/** Creates or updates the answer row with a new version; marks older validations stale. */
export async function touchAnswer(db: Executor, target: EditTarget, actorId: string, patch: AnswerPatch): Promise<IndicatorAnswer> {
  const changedSinceSubmission = target.dossier.submitted_at !== null;
  const answer = await db
    .insertInto("indicator_answers")
    .values({
      dossier_id: target.dossier.id,
      indicator_id: target.indicator.id,
      ...patch,
      changed_since_submission: changedSinceSubmission,
      updated_by: actorId,
    })
    .onConflict((oc) =>
      oc.columns(["dossier_id", "indicator_id"]).doUpdateSet({
        ...patch,
        version: sql`indicator_answers.version + 1`,
        changed_since_submission: sql`indicator_answers.changed_since_submission or ${changedSinceSubmission}`,
        updated_by: actorId,
        updated_at: sql`now()`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .updateTable("indicator_reviews")
    .set({ stale: true })
    .where("dossier_id", "=", target.dossier.id)
    .where("indicator_id", "=", target.indicator.id)
    .where("decision", "=", "valide")
    .where("answer_version", "<", answer.version)
    .execute();
  return answer;
}

export async function findAnswer(db: Executor, dossierId: string, indicatorId: string) {
  return db
    .selectFrom("indicator_answers")
    .selectAll()
    .where("dossier_id", "=", dossierId)
    .where("indicator_id", "=", indicatorId)
    .executeTakeFirst();
}

/** Autosave writes often: consecutive edits of one indicator by one person within 10 minutes make one event. */
async function recordAnswerEvent(db: Executor, target: EditTarget, actorId: string, kind: string, payload: Record<string, unknown>) {
  const recent = await db
    .selectFrom("dossier_events")
    .select(["id", "kind", "actor_id", "payload"])
    .where("dossier_id", "=", target.dossier.id)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  const recentPayload = (typeof recent?.payload === "string" ? JSON.parse(recent.payload) : recent?.payload) as
    Record<string, unknown> | undefined;
  if (recent && recent.kind === kind && recent.actor_id === actorId && recentPayload?.code === target.indicator.code) {
    const updated = await db
      .updateTable("dossier_events")
      .set({ created_at: sql`now()` })
      .where("id", "=", recent.id)
      .where("created_at", ">", sql<Date>`now() - interval '10 minutes'`)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return;
  }
  await recordEvent(db, { dossierId: target.dossier.id, actorId, kind, payload });
}

/**
 * The référentiel version's length rule (issue 14.9), in characters of visible text. Checked on every
 * save, even of an unchanged text: an answer written before a lower limit stays readable, and the
 * OF is asked to shorten it when it next saves it.
 */
async function assertDescriptionWithinRule(db: Executor, target: EditTarget, description: string): Promise<void> {
  const rules = await findFormRules(db, target.dossier.referentiel_version_id);
  if (!rules) return;
  const length = visibleTextLength(description);
  if (length > rules.descriptionMaxChars) {
    throw new DomainError(
      "validation",
      "dossier.description.tooLong",
      {
        max: formatNumber(rules.descriptionMaxChars, 0),
        count: formatNumber(length, 0),
      },
      { description: ["dossier.description.tooLongField"] },
    );
  }
}

export async function saveDescription(db: Executor, scope: OfScope, code: string, raw: string): Promise<IndicatorAnswer | AnswerRevision> {
  if (raw.length > DESCRIPTION_MAX) throw invalid({ description: ["errors.tooLong"] });
  if (hasForbiddenCharacters(raw)) throw invalid({ description: ["validation.text.controlCharacters"] });
  const description = sanitizeRichText(raw);
  if (await editsAreRevisions(db, scope)) {
    return reviseDescription(db, scope, code, description, (trx, target) => assertDescriptionWithinRule(trx, target, description));
  }
  return inTransaction(db, async (trx) => {
    const target = await editTarget(trx, scope, code);
    await assertDescriptionWithinRule(trx, target, description);
    const current = await findAnswer(trx, target.dossier.id, target.indicator.id);
    if (current && current.description === description) return current;
    const answer = await touchAnswer(trx, target, scope.actor.userId, { description });
    await recordAnswerEvent(trx, target, scope.actor.userId, "answer.updated", { code });
    return answer;
  });
}

export async function setNotApplicable(
  db: Executor,
  scope: OfScope,
  code: string,
  notApplicable: boolean,
  reason: string | null,
): Promise<IndicatorAnswer | AnswerRevision> {
  const trimmed = reason?.trim() ?? "";
  if (notApplicable && trimmed.length === 0) throw invalid({ notApplicableReason: ["dossier.notApplicable.reasonRequired"] });
  if (trimmed.length > REASON_MAX) throw invalid({ notApplicableReason: ["errors.tooLong"] });
  if (hasForbiddenCharacters(trimmed)) throw invalid({ notApplicableReason: ["validation.text.controlCharacters"] });
  if (await editsAreRevisions(db, scope)) return reviseNotApplicable(db, scope, code, notApplicable, trimmed);
  return inTransaction(db, async (trx) => {
    const target = await editTarget(trx, scope, code);
    const answer = await touchAnswer(trx, target, scope.actor.userId, {
      not_applicable: notApplicable,
      not_applicable_reason: notApplicable ? trimmed : null,
    });
    await recordEvent(trx, {
      dossierId: target.dossier.id,
      actorId: scope.actor.userId,
      kind: "answer.not_applicable",
      payload: { code, notApplicable },
    });
    return answer;
  });
}
