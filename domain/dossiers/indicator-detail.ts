import type { Executor } from "../../db/executor";
import { missingFor } from "./completeness";
import { circuitCourtStatus, getOrCreateOfDossier, listIndicators, loadAnswerStates } from "./dossier-access";
import { reviewsByIndicator } from "./dossier-overview";
import { listEvidence } from "./evidence.service";
import { listCorrectiveActions } from "./corrective-actions.service";
import { findAnswer } from "./answers.service";
import type { OfScope } from "./of-scope";
import { isEditableByOf } from "./status-machine";
import { findIndicatorThreadId, listThreadMessages } from "../threads/of-threads.service";
import { DomainError } from "../errors";
import { findEvidenceExamples, findFormRules } from "../referentiels/form-rules.queries";
import { visibleTextLength } from "./rich-text";

/** Everything the OF's indicator page shows, scoped to the OF's own dossier. */
export async function ofIndicatorDetail(db: Executor, scope: OfScope, code: string) {
  const dossier = await getOrCreateOfDossier(db, scope.organisationId, scope.actor.userId);
  const indicators = await listIndicators(db, dossier.referentiel_version_id);
  const index = indicators.findIndex((i) => i.code === code);
  const indicator = indicators[index];
  if (!indicator) throw new DomainError("not_found", "errors.notFound");
  const [answer, states, circuitCourt, reviews, evidence, threadId, actions, rules, examples] = await Promise.all([
    findAnswer(db, dossier.id, indicator.id),
    loadAnswerStates(db, dossier.id),
    circuitCourtStatus(db, scope.organisationId),
    reviewsByIndicator(db, dossier.id),
    listEvidence(db, dossier.id, indicator.id),
    findIndicatorThreadId(db, dossier.id, indicator.id),
    listCorrectiveActions(db, dossier.id, indicator.id),
    findFormRules(db, dossier.referentiel_version_id),
    findEvidenceExamples(db, indicator.id),
  ]);
  const messages = threadId ? await listThreadMessages(db, scope.organisationId, threadId) : [];
  return {
    dossierId: dossier.id,
    status: dossier.status,
    editable: isEditableByOf(dossier.status),
    indicator: {
      code: indicator.code,
      title: indicator.title,
      criterionNumber: indicator.criterionNumber,
      criterionTitle: indicator.criterionTitle,
    },
    previousCode: indicators[index - 1]?.code ?? null,
    nextCode: indicators[index + 1]?.code ?? null,
    answer: {
      description: answer?.description ?? "",
      notApplicable: answer?.not_applicable ?? false,
      notApplicableReason: answer?.not_applicable_reason ?? "",
      version: answer?.version ?? 0,
      updatedAt: answer ? new Date(answer.updated_at).toISOString() : null,
      /** Changed since the funders sent the dossier back (goes back to examination on resubmission). */
      changedSinceSubmission: answer?.changed_since_submission ?? false,
    },
    missing: missingFor(states.get(indicator.id), indicator, { circuitCourtActive: circuitCourt.active }),
    circuitCourtExempt: circuitCourt.active && indicator.circuitCourtExemptsProof,
    review: reviews.get(indicator.id) ?? null,
    evidence,
    messages,
    correctiveActions: actions,
    /** The rules of the form (issue 14.9) and the visible length of the stored description. */
    rules: {
      descriptionMaxChars: rules?.descriptionMaxChars ?? 1000,
      evidenceMaxPerIndicator: rules?.evidenceMaxPerIndicator ?? 3,
      descriptionLength: visibleTextLength(answer?.description ?? ""),
      evidenceExamples: examples,
    },
  };
}
