import type { Executor } from "../../db/executor";
import { missingFor } from "./completeness";
import { circuitCourtStatus, getOrCreateOfDossier, listIndicators, loadAnswerStates } from "./dossier-access";
import { reviewsByIndicator } from "./dossier-overview";
import { listEvidence } from "./evidence.service";
import { listCorrectiveActions } from "./corrective-actions.service";
import { findAnswer } from "./answers.service";
import type { OfScope } from "./of-scope";
import { acceptsCorrectiveActions, isEditableByOf } from "./status-machine";
import { findIndicatorThreadId, listThreadMessages } from "../threads/of-threads.service";
import { DomainError } from "../errors";
import { findEvidenceExamples, findFormRules } from "../referentiels/form-rules.queries";
import { visibleTextLength } from "./rich-text";
import { isRevisedByOf } from "./revisions.service";
import { findLatestDecidedRevision, findPendingRevision, revisionEvidenceDiff } from "./revisions.queries";
import type { EvidenceView } from "./evidence.service";

/** An evidence item on the OF's page; in an update, whether the update brings it in (decision record 038). */
export type OfEvidenceView = EvidenceView & { change: "added" | "replaced" | null; replacesLabel: string | null };

/** Everything the OF's indicator page shows, scoped to the OF's own dossier. */
export async function ofIndicatorDetail(db: Executor, scope: OfScope, code: string) {
  const dossier = await getOrCreateOfDossier(db, scope.organisationId, scope.actor.userId);
  const indicators = await listIndicators(db, dossier.referentiel_version_id);
  const index = indicators.findIndex((i) => i.code === code);
  const indicator = indicators[index];
  if (!indicator) throw new DomainError("not_found", "errors.notFound");
  const [answer, states, circuitCourt, reviews, acceptedEvidence, threadId, actions, rules, examples, pending, lastDecided] =
    await Promise.all([
      findAnswer(db, dossier.id, indicator.id),
      loadAnswerStates(db, dossier.id),
      circuitCourtStatus(db, scope.organisationId),
      reviewsByIndicator(db, dossier.id),
      listEvidence(db, dossier.id, indicator.id),
      findIndicatorThreadId(db, dossier.id, indicator.id),
      listCorrectiveActions(db, dossier.id, indicator.id),
      findFormRules(db, dossier.referentiel_version_id),
      findEvidenceExamples(db, indicator.id),
      findPendingRevision(db, dossier.id, indicator.id),
      findLatestDecidedRevision(db, dossier.id, indicator.id),
    ]);
  const revising = isRevisedByOf(dossier.status);
  // A datadocké dossier's page shows the pending update (the accepted answer stays the funders' until validated).
  let evidence: OfEvidenceView[] = acceptedEvidence.map((e) => ({ ...e, change: null, replacesLabel: null }));
  let removedInUpdate: string[] = [];
  if (pending) {
    const diff = await revisionEvidenceDiff(db, pending);
    const labelOf = new Map(diff.before.map((e) => [e.id, e.label]));
    const history = evidence.filter((e) => e.replacedBy || e.removedAt);
    evidence = [
      ...diff.after.map((e) => ({
        id: e.id,
        kind: e.kind,
        label: e.label,
        url: e.url,
        fileId: e.fileId,
        contentType: e.contentType,
        sizeBytes: e.sizeBytes,
        createdAt: new Date(pending.updated_at).toISOString(),
        replacedBy: null,
        removedAt: null,
        change: e.change,
        replacesLabel: e.replaces ? (labelOf.get(e.replaces) ?? null) : null,
      })),
      ...history,
    ];
    removedInUpdate = diff.removed.map((e) => e.label || e.url || "");
  }
  const shown = pending
    ? { description: pending.description, not_applicable: pending.not_applicable, not_applicable_reason: pending.not_applicable_reason }
    : answer;
  const messages = threadId ? await listThreadMessages(db, scope.organisationId, threadId) : [];
  return {
    dossierId: dossier.id,
    status: dossier.status,
    /** The OF may change the answer and evidence: drafting, completing, or updating a datadocké dossier. */
    editable: isEditableByOf(dossier.status) || revising,
    /** Corrective actions are written while drafting or completing, and to answer a non conforme closing's reasons. */
    correctiveEditable: acceptsCorrectiveActions(dossier.status),
    /** The dossier is datadocké: edits are an update, examined while it stays datadocké (decision record 038). */
    revision: revising
      ? {
          pending: pending ? { updatedAt: new Date(pending.updated_at).toISOString() } : null,
          last:
            !pending && lastDecided?.decided_at
              ? {
                  status: lastDecided.status,
                  decidedAt: new Date(lastDecided.decided_at).toISOString(),
                  reason: lastDecided.decision_reason,
                }
              : null,
          removedLabels: removedInUpdate,
        }
      : null,
    indicator: {
      code: indicator.code,
      title: indicator.title,
      criterionNumber: indicator.criterionNumber,
      criterionTitle: indicator.criterionTitle,
    },
    previousCode: indicators[index - 1]?.code ?? null,
    nextCode: indicators[index + 1]?.code ?? null,
    answer: {
      description: shown?.description ?? "",
      notApplicable: shown?.not_applicable ?? false,
      notApplicableReason: shown?.not_applicable_reason ?? "",
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
      descriptionLength: visibleTextLength(shown?.description ?? ""),
      evidenceExamples: examples,
    },
  };
}
