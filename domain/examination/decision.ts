import type { Executor } from "../../db/executor";
import type { IndicatorDecision, IndicatorReview } from "../../db/schema";

export type { IndicatorDecision };
import type { Actor } from "../permissions/actor";
import { canExamine } from "../permissions/policy";
import { DomainError, forbidden, invalid } from "../errors";
import { inTransaction } from "../../db/transaction";
import { recordDomainEvent } from "../events/record-event";
import { eventActor } from "../events/domain-event";
import { actingOrganisationId } from "../permissions/actor-side";
import { assertMayDecide } from "./co-examiners";
import { hasForbiddenCharacters } from "../validation/fields";
import { postDecisionReason } from "../threads/funder-threads.service";
import { recordCommitteeDecision, type CommitteeDecisionInput } from "./committee-records";

export const DECISIONS: readonly IndicatorDecision[] = ["valide", "a_completer", "non_conforme"];
export const REASON_MAX = 4000;

export interface DecideInput {
  dossierId: string;
  indicatorId: string;
  decision: IndicatorDecision;
  reason?: string | null;
  /** The review version the examiner saw; null when they saw no decision yet. */
  expectedVersion: number | null;
  /** Saved in committee mode: the open session, the members present and their marks (decision record 035). */
  committee?: CommitteeDecisionInput;
}

/** Thrown when someone else decided the indicator since the caller loaded it; carries the newer decision. */
export class ReviewConflictError extends DomainError {
  constructor(readonly current: IndicatorReview) {
    super("conflict", "examination.decision.conflict", { version: current.version });
  }
}

export function isReviewConflict(error: unknown): error is ReviewConflictError {
  return error instanceof DomainError && error.messageKey === "examination.decision.conflict" && "current" in error;
}

/** A reason is required for à compléter and non conforme; pure, shared by forms and API. */
export function validateDecision(
  decision: string,
  reason: string | null | undefined,
): { decision: IndicatorDecision; reason: string | null } {
  if (!DECISIONS.includes(decision as IndicatorDecision)) throw invalid({ decision: ["examination.decision.invalid"] });
  const trimmed = reason?.trim() ?? "";
  if (decision !== "valide" && trimmed.length === 0) throw invalid({ reason: ["examination.decision.reasonRequired"] });
  if (trimmed.length > REASON_MAX) throw invalid({ reason: ["errors.tooLong"] });
  if (hasForbiddenCharacters(trimmed)) throw invalid({ reason: ["validation.text.controlCharacters"] });
  return { decision: decision as IndicatorDecision, reason: trimmed.length > 0 ? trimmed : null };
}

/**
 * Records one decision in one transaction: the current row (indicator_reviews) moves only from
 * the version the caller saw, and the append-only history gets who, when, the previous value and
 * the reason. A concurrent writer loses with ReviewConflictError; nothing is overwritten silently.
 * Only the dossier's examiner and their co-examiners decide (decision record 022).
 */
export async function decideIndicator(db: Executor, actor: Actor, input: DecideInput): Promise<IndicatorReview> {
  if (!canExamine(actor)) throw forbidden();
  const { decision, reason } = validateDecision(input.decision, input.reason);
  return inTransaction(db, async (trx) => {
    const dossier = await trx
      .selectFrom("dossiers")
      .select(["id", "status", "referentiel_version_id", "examiner_id"])
      .where("id", "=", input.dossierId)
      .executeTakeFirst();
    if (!dossier) throw new DomainError("not_found", "errors.notFound");
    if (dossier.status !== "en_examen") throw new DomainError("conflict", "examination.notInExamination", { status: dossier.status });
    await assertMayDecide(trx, actor, dossier);
    const indicator = await trx
      .selectFrom("indicators")
      .select(["id", "code"])
      .where("id", "=", input.indicatorId)
      .where("version_id", "=", dossier.referentiel_version_id)
      .executeTakeFirst();
    if (!indicator) throw new DomainError("not_found", "errors.notFound");
    const answer = await trx
      .selectFrom("indicator_answers")
      .select("version")
      .where("dossier_id", "=", input.dossierId)
      .where("indicator_id", "=", input.indicatorId)
      .executeTakeFirst();
    const answerVersion = answer?.version ?? 1;

    const current = await trx
      .selectFrom("indicator_reviews")
      .selectAll()
      .where("dossier_id", "=", input.dossierId)
      .where("indicator_id", "=", input.indicatorId)
      .forUpdate()
      .executeTakeFirst();

    let saved: IndicatorReview | undefined;
    if (current) {
      if (input.expectedVersion !== current.version) throw new ReviewConflictError(current);
      saved = await trx
        .updateTable("indicator_reviews")
        .set((eb) => ({
          decision,
          reason,
          decided_by: actor.userId,
          decided_at: new Date(),
          answer_version: answerVersion,
          stale: false,
          version: eb("version", "+", 1),
        }))
        .where("id", "=", current.id)
        .where("version", "=", current.version)
        .returningAll()
        .executeTakeFirst();
    } else {
      if (input.expectedVersion !== null && input.expectedVersion !== 0) {
        throw new DomainError("conflict", "examination.decision.vanished");
      }
      saved = await trx
        .insertInto("indicator_reviews")
        .values({
          dossier_id: input.dossierId,
          indicator_id: input.indicatorId,
          decision,
          reason,
          decided_by: actor.userId,
          answer_version: answerVersion,
        })
        .onConflict((oc) => oc.columns(["dossier_id", "indicator_id"]).doNothing())
        .returningAll()
        .executeTakeFirst();
    }
    if (!saved) {
      // Lost the race for the first decision (the other insert committed while we waited on the unique index).
      const newer = await trx
        .selectFrom("indicator_reviews")
        .selectAll()
        .where("dossier_id", "=", input.dossierId)
        .where("indicator_id", "=", input.indicatorId)
        .executeTakeFirstOrThrow();
      throw new ReviewConflictError(newer);
    }
    const history = await trx
      .insertInto("indicator_review_history")
      .values({
        dossier_id: input.dossierId,
        indicator_id: input.indicatorId,
        decision,
        previous_decision: current?.decision ?? null,
        reason,
        decided_by: actor.userId,
        decided_by_organisation_id: actingOrganisationId(actor),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.committee) {
      await recordCommitteeDecision(trx, actor, {
        ...input.committee,
        dossierId: input.dossierId,
        indicatorId: input.indicatorId,
        decision,
        historyId: history.id,
      });
    }
    // The reason opens (or continues) the indicator's thread the OF reads; a decision saved again
    // with the same reason does not repeat it (decision record 035).
    if (reason !== null && decision !== "valide" && (current?.reason !== reason || current.decision !== decision)) {
      await postDecisionReason(trx, actor, input.dossierId, indicator.code, reason);
    }
    await trx
      .insertInto("dossier_events")
      .values({
        dossier_id: input.dossierId,
        actor_id: actor.userId,
        kind: "examination.decided",
        payload: JSON.stringify({ indicator_id: input.indicatorId, decision, previous: current?.decision ?? null }),
      })
      .execute();
    await recordDomainEvent(trx, {
      type: "indicator.decided",
      payload: {
        dossierId: input.dossierId,
        indicatorId: input.indicatorId,
        indicatorCode: indicator.code,
        decision,
        reason,
        actor: eventActor(actor),
      },
    });
    return saved;
  });
}

/**
 * Flags validations made on an older answer: stale when the answer's version is newer than the
 * one the review was taken on. Returns how many reviews became stale.
 */
export async function refreshStaleFlags(db: Executor, dossierId: string): Promise<number> {
  const result = await db
    .updateTable("indicator_reviews")
    .set({ stale: true })
    .from("indicator_answers")
    .whereRef("indicator_answers.dossier_id", "=", "indicator_reviews.dossier_id")
    .whereRef("indicator_answers.indicator_id", "=", "indicator_reviews.indicator_id")
    .whereRef("indicator_answers.version", ">", "indicator_reviews.answer_version")
    .where("indicator_reviews.dossier_id", "=", dossierId)
    .where("indicator_reviews.stale", "=", false)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
