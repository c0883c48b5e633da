import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import type { Dossier, DossierStatus } from "../../db/schema";
import { DomainError } from "../errors";
import { evaluateCompleteness, type CompletenessReport } from "./completeness";
import { circuitCourtStatus, getOrCreateOfDossier, listIndicators, loadAnswerStates } from "./dossier-access";
import type { OfScope } from "./of-scope";
import { transition } from "./status-machine";
import { applyStatusChange, recordStatusChanged } from "../examination/status-change";
import { eventActor, type ResubmissionNotice } from "../events/domain-event";

/** The synthesis of the OF's dossier: what is missing, per indicator, in référentiel order. */
export async function dossierCompleteness(db: Executor, dossierId: string, versionId: string, organisationId: string) {
  const [indicators, answers, circuitCourt] = await Promise.all([
    listIndicators(db, versionId),
    loadAnswerStates(db, dossierId),
    circuitCourtStatus(db, organisationId),
  ]);
  return {
    report: evaluateCompleteness(indicators, answers, { circuitCourtActive: circuitCourt.active }),
    indicators,
    answers,
    circuitCourt,
  };
}

/** The refusal carries the list: field errors keyed by indicator code → missing item keys. */
export function incompleteError(report: CompletenessReport): DomainError {
  return new DomainError(
    "validation",
    "dossier.submit.incomplete",
    { count: report.missing.length },
    Object.fromEntries(report.missing.map((m) => [m.code, m.missing.map((k) => `dossier.missing.${k}`)])),
  );
}

export interface SubmissionResult {
  status: DossierStatus;
  resubmission: boolean;
  /** Indicator codes going back to examination (resubmission only). */
  changedCodes: string[];
}

/**
 * Submits (brouillon → soumis) or resubmits (à compléter → soumis) the OF's dossier, refused with the
 * synthesis when incomplete. On resubmission only changed indicators go back to examination: their
 * non-validé decisions are cleared (history keeps them); validations on older answers stay, marked stale.
 * The OF's members are notified after the commit, from the recorded event (server/events, decision 030);
 * on a resubmission, so are the dossier's examiner and co-examiners (decision record 045).
 */
export async function submitDossier(db: Executor, scope: OfScope): Promise<SubmissionResult> {
  return inTransaction(db, async (trx) => {
    const found = await getOrCreateOfDossier(trx, scope.organisationId, scope.actor.userId);
    const dossier = await trx.selectFrom("dossiers").selectAll().where("id", "=", found.id).forUpdate().executeTakeFirstOrThrow();
    const next = transition(dossier.status, "submit", "of");
    const { report, indicators } = await dossierCompleteness(trx, dossier.id, dossier.referentiel_version_id, scope.organisationId);
    if (report.missing.length > 0) throw incompleteError(report);

    const resubmission = dossier.status === "a_completer";
    let changedCodes: string[] = [];
    let changedIds: string[] = [];
    if (resubmission) {
      const changed = await trx
        .selectFrom("indicator_answers")
        .select("indicator_id")
        .where("dossier_id", "=", dossier.id)
        .where("changed_since_submission", "=", true)
        .execute();
      changedIds = changed.map((c) => c.indicator_id);
      const codeOf = new Map(indicators.map((i) => [i.id, i.code]));
      changedCodes = changedIds.map((id) => codeOf.get(id) ?? id);
      if (changedIds.length > 0) {
        await trx
          .deleteFrom("indicator_reviews")
          .where("dossier_id", "=", dossier.id)
          .where("indicator_id", "in", changedIds)
          .where("decision", "<>", "valide")
          .execute();
        await trx
          .updateTable("indicator_answers")
          .set({ changed_since_submission: false })
          .where("dossier_id", "=", dossier.id)
          .where("indicator_id", "in", changedIds)
          .execute();
      }
    }
    // The funders' marker for this examination round: exactly the indicators changed before this
    // (re)submission; a first submission has none. It stays until the next submission.
    await trx.updateTable("indicator_answers").set({ changed_at_last_submission: false }).where("dossier_id", "=", dossier.id).execute();
    if (changedIds.length > 0) {
      await trx
        .updateTable("indicator_answers")
        .set({ changed_at_last_submission: true })
        .where("dossier_id", "=", dossier.id)
        .where("indicator_id", "in", changedIds)
        .execute();
    }
    // The shared status change: optimistic version check, one dossier event, one webhook event.
    const submitted = await applyStatusChange(trx, {
      dossier,
      action: "submit",
      side: "of",
      actorId: scope.actor.userId,
      eventKind: resubmission ? "dossier.resubmitted" : "dossier.submitted",
      payload: resubmission ? { status: next, changedCodes } : { status: next },
    });
    await trx
      .updateTable("dossiers")
      .set({ submitted_at: sql`now()` })
      .where("id", "=", dossier.id)
      .execute();
    await recordStatusChanged(trx, dossier, submitted, "submit", eventActor(scope.actor), {
      detail: resubmission ? "resoumis" : undefined,
      resubmission: resubmission ? await resubmissionNotice(trx, submitted, changedCodes) : undefined,
    });
    return { status: next, resubmission, changedCodes };
  });
}

/** Who examines the resubmitted dossier (its examiner stays through a send-back), read in the transaction. */
async function resubmissionNotice(
  trx: Executor,
  dossier: Pick<Dossier, "id" | "organisation_id" | "examiner_id">,
  changedCodes: string[],
): Promise<ResubmissionNotice> {
  const [organisation, coExaminers] = await Promise.all([
    trx.selectFrom("organisations").select("name").where("id", "=", dossier.organisation_id).executeTakeFirst(),
    trx.selectFrom("dossier_co_examiners").select("user_id").where("dossier_id", "=", dossier.id).execute(),
  ]);
  const examinerIds = new Set(coExaminers.map((c) => c.user_id));
  if (dossier.examiner_id) examinerIds.add(dossier.examiner_id);
  return { organisationName: organisation?.name ?? "", examinerIds: [...examinerIds], changedCodes };
}
