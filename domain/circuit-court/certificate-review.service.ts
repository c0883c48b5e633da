import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { DomainError, forbidden, invalid } from "../errors";
import type { Actor } from "../permissions/actor";
import { canExamine } from "../permissions/policy";
import { assertMayDecide } from "../examination/co-examiners";
import { REASON_MAX } from "../examination/decision";
import { postDecisionReason } from "../threads/funder-threads.service";
import { recordEvent } from "../dossiers/timeline";
import { recordDomainEvent } from "../events/record-event";
import { eventActor } from "../events/domain-event";
import { isoDay } from "../dossiers/completeness";
import { translate } from "../i18n/translate";
import { hasForbiddenCharacters, isUuid } from "../validation/fields";

/**
 * The examiner's check of a circuit-court certificate (issue 14.4, decision record 037): the
 * dossier's examiner or a co-examiner validates the OF's current certificate, or refuses it with a
 * reason. The reason opens the thread of the first indicator the circuit court exempts (référentiel
 * order), as a decision's reason opens its indicator's thread; the OF is told from the event.
 * A refused certificate exempts nothing: the OF adds evidence (or declares another certificate).
 */
export interface CertificateReviewInput {
  dossierId: string;
  certificateId: string;
  outcome: "validated" | "refused";
  reason?: string | null;
}

/** A current (not withdrawn), in-date certificate that no examiner has checked yet. */
export async function hasUncheckedCertificate(db: Executor, organisationId: string, today = isoDay(new Date())): Promise<boolean> {
  const row = await db
    .selectFrom("circuit_court_certificates")
    .select("id")
    .where("organisation_id", "=", organisationId)
    .where("withdrawn_at", "is", null)
    .where("review_status", "=", "pending")
    .where(sql<boolean>`valid_from <= ${today}::date and valid_to >= ${today}::date`)
    .executeTakeFirst();
  return row !== undefined;
}

export async function reviewCertificate(db: Executor, actor: Actor, input: CertificateReviewInput): Promise<void> {
  if (!canExamine(actor)) throw forbidden();
  if (input.outcome !== "validated" && input.outcome !== "refused") throw invalid({ outcome: ["errors.validation"] });
  const reason = input.reason?.trim() || null;
  if (input.outcome === "refused" && !reason) throw invalid({ reason: ["circuitCourt.review.reasonRequired"] });
  if (reason && reason.length > REASON_MAX) throw invalid({ reason: ["errors.tooLong"] });
  if (reason && hasForbiddenCharacters(reason)) throw invalid({ reason: ["validation.text.controlCharacters"] });
  if (!isUuid(input.dossierId) || !isUuid(input.certificateId)) throw new DomainError("not_found", "errors.notFound");
  await inTransaction(db, async (trx) => {
    const dossier = await trx
      .selectFrom("dossiers")
      .select(["id", "organisation_id", "examiner_id", "referentiel_version_id"])
      .where("id", "=", input.dossierId)
      .executeTakeFirst();
    if (!dossier) throw new DomainError("not_found", "errors.notFound");
    await assertMayDecide(trx, actor, dossier);
    const certificate = await trx
      .selectFrom("circuit_court_certificates as c")
      .innerJoin("cnefop_labels as l", "l.id", "c.label_id")
      .select(["c.id", "l.name as label_name"])
      .where("c.id", "=", input.certificateId)
      .where("c.organisation_id", "=", dossier.organisation_id)
      .where("c.withdrawn_at", "is", null)
      .forUpdate("c")
      .executeTakeFirst();
    if (!certificate) throw new DomainError("conflict", "circuitCourt.review.notFound");
    await trx
      .updateTable("circuit_court_certificates")
      .set({ review_status: input.outcome, reviewed_by: actor.userId, reviewed_at: sql`now()`, review_reason: reason })
      .where("id", "=", certificate.id)
      .execute();
    if (input.outcome === "refused" && reason) {
      const exempted = await trx
        .selectFrom("indicators as i")
        .innerJoin("criteria as c", "c.id", "i.criterion_id")
        .select("i.code")
        .where("i.version_id", "=", dossier.referentiel_version_id)
        .where("i.circuit_court_exempts_proof", "=", true)
        .orderBy("c.number")
        .orderBy("i.position")
        .executeTakeFirst();
      if (exempted) {
        const body = translate("circuitCourt.review.thread", { label: certificate.label_name, reason });
        await postDecisionReason(trx, actor, dossier.id, exempted.code, body);
      }
    }
    await recordEvent(trx, {
      dossierId: dossier.id,
      actorId: actor.userId,
      kind: input.outcome === "validated" ? "circuit_court.validated" : "circuit_court.refused",
      payload: { label: certificate.label_name },
    });
    await recordDomainEvent(trx, {
      type: "circuit_court.reviewed",
      payload: {
        dossierId: dossier.id,
        organisationId: dossier.organisation_id,
        certificateId: certificate.id,
        outcome: input.outcome,
        reason,
        actor: eventActor(actor),
      },
    });
  });
}
