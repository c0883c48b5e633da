import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { DomainError, forbidden, invalid } from "../errors";
import type { Actor } from "../permissions/actor";
import { canExamine } from "../permissions/policy";
import { actingOrganisationId } from "../permissions/actor-side";
import { recordDomainEvent } from "../events/record-event";
import { eventActor } from "../events/domain-event";
import { recordEvent } from "../dossiers/timeline";
import { listRevisionChanges } from "../dossiers/revisions.queries";
import { postDecisionReason } from "../threads/funder-threads.service";
import { translate } from "../i18n/translate";
import { hasForbiddenCharacters, isUuid } from "../validation/fields";
import { assertMayDecide } from "./co-examiners";
import { REASON_MAX } from "./decision";

/**
 * The examiner's decision on an update of a datadocké dossier (issue 14.1, decision record 038).
 * Only the dossier's examiner and co-examiners decide (decision record 022), on the revision's
 * version they saw. Validated: the revision becomes the accepted answer (description, "non
 * concerné", evidence added, replaced or removed; nothing is deleted) and the indicator's review is
 * "validé" on the new answer version. Sent back: the accepted answer stays, and the reason opens (or
 * continues) the indicator's thread, as a reason for "à compléter" does. The dossier stays datadocké.
 */
export interface RevisionDecisionInput {
  dossierId: string;
  revisionId: string;
  outcome: "validated" | "sent_back";
  reason?: string | null;
  /** The revision version the examiner saw: a change since is refused. */
  expectedVersion: number;
}

function validateReason(outcome: string, raw: string | null | undefined): string | null {
  if (outcome !== "validated" && outcome !== "sent_back") throw invalid({ outcome: ["errors.validation"] });
  const reason = raw?.trim() || null;
  if (outcome === "sent_back" && !reason) throw invalid({ reason: ["revision.decision.reasonRequired"] });
  if (reason && reason.length > REASON_MAX) throw invalid({ reason: ["errors.tooLong"] });
  if (reason && hasForbiddenCharacters(reason)) throw invalid({ reason: ["validation.text.controlCharacters"] });
  return reason;
}

export async function decideRevision(db: Executor, actor: Actor, input: RevisionDecisionInput): Promise<void> {
  if (!canExamine(actor)) throw forbidden();
  const reason = validateReason(input.outcome, input.reason);
  if (!isUuid(input.dossierId) || !isUuid(input.revisionId)) throw new DomainError("not_found", "errors.notFound");
  await inTransaction(db, async (trx) => {
    const dossier = await trx
      .selectFrom("dossiers")
      .select(["id", "status", "organisation_id", "examiner_id"])
      .where("id", "=", input.dossierId)
      .forUpdate()
      .executeTakeFirst();
    if (!dossier) throw new DomainError("not_found", "errors.notFound");
    await assertMayDecide(trx, actor, dossier);
    if (dossier.status !== "datadocke") throw new DomainError("conflict", "revision.decision.notDatadocke", { status: dossier.status });
    const revision = await trx
      .selectFrom("answer_revisions")
      .innerJoin("indicators", "indicators.id", "answer_revisions.indicator_id")
      .selectAll("answer_revisions")
      .select("indicators.code")
      .where("answer_revisions.id", "=", input.revisionId)
      .where("answer_revisions.dossier_id", "=", dossier.id)
      .forUpdate("answer_revisions")
      .executeTakeFirst();
    if (!revision) throw new DomainError("not_found", "errors.notFound");
    if (revision.status !== "pending") throw new DomainError("conflict", "revision.decision.alreadyDecided");
    if (revision.version !== input.expectedVersion) throw new DomainError("conflict", "revision.decision.changed");

    if (input.outcome === "validated") {
      const answer = await trx
        .updateTable("indicator_answers")
        .set({
          description: revision.description,
          not_applicable: revision.not_applicable,
          not_applicable_reason: revision.not_applicable_reason,
          version: sql`version + 1`,
          updated_by: revision.created_by,
          updated_at: sql`now()`,
        })
        .where("id", "=", revision.answer_id)
        .returning(["id", "version"])
        .executeTakeFirstOrThrow();
      for (const change of await listRevisionChanges(trx, revision.id)) {
        let appliedId: string | null = null;
        if (change.change !== "removed" && change.kind) {
          const inserted = await trx
            .insertInto("evidence")
            .values({
              answer_id: answer.id,
              kind: change.kind,
              file_id: change.file_id,
              url: change.url,
              label: change.label,
              created_by: revision.created_by,
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          appliedId = inserted.id;
        }
        if (change.change === "replaced" && change.evidence_id) {
          await trx.updateTable("evidence").set({ replaced_by: appliedId }).where("id", "=", change.evidence_id).execute();
        } else if (change.change === "removed" && change.evidence_id) {
          await trx
            .updateTable("evidence")
            .set({ removed_at: sql`now()` })
            .where("id", "=", change.evidence_id)
            .execute();
        }
        if (appliedId)
          await trx.updateTable("revision_evidence").set({ applied_evidence_id: appliedId }).where("id", "=", change.id).execute();
      }
      const current = await trx
        .selectFrom("indicator_reviews")
        .select(["id", "decision"])
        .where("dossier_id", "=", dossier.id)
        .where("indicator_id", "=", revision.indicator_id)
        .forUpdate()
        .executeTakeFirst();
      if (current) {
        await trx
          .updateTable("indicator_reviews")
          .set((eb) => ({
            decision: "valide",
            reason: null,
            decided_by: actor.userId,
            decided_at: new Date(),
            answer_version: answer.version,
            stale: false,
            version: eb("version", "+", 1),
          }))
          .where("id", "=", current.id)
          .execute();
      } else {
        await trx
          .insertInto("indicator_reviews")
          .values({
            dossier_id: dossier.id,
            indicator_id: revision.indicator_id,
            decision: "valide",
            decided_by: actor.userId,
            answer_version: answer.version,
          })
          .execute();
      }
      await trx
        .insertInto("indicator_review_history")
        .values({
          dossier_id: dossier.id,
          indicator_id: revision.indicator_id,
          decision: "valide",
          previous_decision: current?.decision ?? null,
          reason: null,
          decided_by: actor.userId,
          decided_by_organisation_id: actingOrganisationId(actor),
        })
        .execute();
    } else if (reason) {
      await postDecisionReason(trx, actor, dossier.id, revision.code, translate("revision.decision.thread", { reason }));
    }

    await trx
      .updateTable("answer_revisions")
      .set({ status: input.outcome, decided_by: actor.userId, decided_at: sql`now()`, decision_reason: reason })
      .where("id", "=", revision.id)
      .execute();
    await recordEvent(trx, {
      dossierId: dossier.id,
      actorId: actor.userId,
      kind: input.outcome === "validated" ? "revision.validated" : "revision.sent_back",
      payload: { code: revision.code, revisionId: revision.id },
    });
    await recordDomainEvent(trx, {
      type: "answer_revision.decided",
      payload: {
        dossierId: dossier.id,
        organisationId: dossier.organisation_id,
        revisionId: revision.id,
        indicatorCode: revision.code,
        outcome: input.outcome,
        reason,
        actor: eventActor(actor),
      },
    });
  });
}
