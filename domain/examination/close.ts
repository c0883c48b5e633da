import type { Executor } from "../../db/executor";
import type { Dossier } from "../../db/schema";
import type { Actor } from "../permissions/actor";
import { canExamine } from "../permissions/policy";
import { DomainError, forbidden } from "../errors";
import { inTransaction } from "../../db/transaction";
import { funderSideOf } from "../permissions/actor-side";
import { applyStatusChange, lockDossier, recordStatusChanged } from "./status-change";
import { eventActor } from "../events/domain-event";
import { closingBlockers, outcomeList, type Outcome, type ReviewState } from "./closing-rules";
import { refreshStaleFlags } from "./decision";
import { assertMayDecide } from "./co-examiners";
import { endOpenCommitteeOnClosing } from "./committee.service";
import { hasUncheckedCertificate } from "../circuit-court/certificate-review.service";

export type { Outcome };

export interface CloseInput {
  dossierId: string;
  outcome: Outcome;
  /** A general message to the OF (required to close non conforme). */
  message?: string | null;
  /** The dossier version the examiner saw (optimistic concurrency on the dossier). */
  expectedVersion?: number;
}

const EVENT: Record<Outcome, string> = {
  declare_datadocke: "examination.datadocke",
  send_back: "examination.sent_back",
  close_non_conforme: "examination.non_conforme",
};

/** Every indicator of the dossier's référentiel version with its current review. */
export async function reviewStates(db: Executor, dossier: Pick<Dossier, "id" | "referentiel_version_id">): Promise<ReviewState[]> {
  const rows = await db
    .selectFrom("indicators")
    .leftJoin("indicator_reviews", (join) =>
      join.onRef("indicator_reviews.indicator_id", "=", "indicators.id").on("indicator_reviews.dossier_id", "=", dossier.id),
    )
    .select(["indicators.id", "indicators.code", "indicator_reviews.decision", "indicator_reviews.reason", "indicator_reviews.stale"])
    .where("indicators.version_id", "=", dossier.referentiel_version_id)
    .orderBy("indicators.position")
    .execute();
  return rows.map((r) => ({ indicatorId: r.id, code: r.code, decision: r.decision, reason: r.reason, stale: r.stale ?? false }));
}

/**
 * Closes an examination: datadocké when every indicator is validé and none stale; back to the OF
 * with the list of indicators à compléter; or non conforme with reasons. The recorded event carries
 * the outcome's list and message: the OF's users are notified from it after the commit (server/events,
 * decision 030). Only the dossier's examiner and their co-examiners close (decision record 022). An open
 * committee session on the dossier ends in the same transaction (`committee.ended`, cause "dossier_closed").
 */
export async function closeExamination(db: Executor, actor: Actor, input: CloseInput): Promise<Dossier> {
  if (!canExamine(actor)) throw forbidden();
  const message = input.message?.trim() || null;
  if (input.outcome === "close_non_conforme" && !message) {
    throw new DomainError("validation", "errors.validation", {}, { message: ["examination.close.messageRequired"] });
  }
  return inTransaction(db, async (trx) => {
    const dossier = await lockDossier(trx, input.dossierId);
    await assertMayDecide(trx, actor, dossier);
    if (input.expectedVersion !== undefined && input.expectedVersion !== dossier.version) {
      throw new DomainError("conflict", "examination.dossierChanged");
    }
    await refreshStaleFlags(trx, dossier.id);
    const reviews = await reviewStates(trx, dossier);
    const blockers = closingBlockers(input.outcome, reviews);
    if (blockers.length > 0) throw new DomainError("conflict", blockers[0]!);
    // Circuit court (decision record 037): no datadockage on a certificate nobody has checked.
    if (input.outcome === "declare_datadocke" && (await hasUncheckedCertificate(trx, dossier.organisation_id))) {
      throw new DomainError("conflict", "circuitCourt.review.pendingBlocksDatadocke");
    }
    const list = outcomeList(input.outcome, reviews);
    const updated = await applyStatusChange(trx, {
      dossier,
      action: input.outcome,
      side: funderSideOf(actor),
      actorId: actor.userId,
      eventKind: EVENT[input.outcome],
      payload: { indicators: list, message },
      decided: true,
    });
    await recordStatusChanged(trx, dossier, updated, "close", eventActor(actor), {
      closing: { outcome: input.outcome, indicators: list, message },
    });
    // The examination is over: an open committee session on it ends with it (decision record 035).
    await endOpenCommitteeOnClosing(trx, actor, dossier.id);
    return updated;
  });
}
