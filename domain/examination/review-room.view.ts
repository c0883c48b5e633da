import type { Executor } from "../../db/executor";
import { isCorrectiveActionOverdue } from "../dossiers/corrective-actions.service";
import type { CertificateReviewStatus, CorrectiveActionStatus, DossierStatus, IndicatorDecision } from "../../db/schema";
import type { Actor } from "../permissions/actor";
import { canSeeDossier, dossierSide } from "../permissions/access";
import { canActAsFunderSide, canDecide } from "../permissions/policy";
import { DomainError, forbidden } from "../errors";
import { sanitizeRichText } from "../dossiers/rich-text";
import { isCertificateValid, isoDay } from "../dossiers/completeness";
import { committeeView, type CommitteeView } from "./committee.service";
import { refreshStaleFlags } from "./decision";
import { listPreviousRoundDecisions } from "./previous-round.queries";
import { nextDueOn } from "../delays/late-dossiers.queries";
import type { DelayStage, DueState } from "../delays/delay-rules";
import { dayKeyInParis } from "../i18n/format";
import {
  findPendingRevision,
  listRevisionHistory,
  revisionEvidenceDiff,
  type RevisionEvidenceItem,
  type RevisionHistoryEntry,
} from "../dossiers/revisions.queries";
import { findRoomDossier, findRoomIndicatorDetail, findUserName, listRoomIndicators } from "./review-room.queries";

/**
 * The review room's view-model (issue 13, decision record 035): the rail of criteria and indicators
 * with their state and progress, and everything about the one indicator selected. Funder side only,
 * through the dossier access rule (domain/permissions/access.ts). Presence (who is on which
 * indicator) is live, from socket.io, not here.
 */

/** An indicator's state in the rail. "modifie": the OF changed the answer since it was last looked at (see `indicatorState`). */
export type RoomIndicatorState = "a_examiner" | "valide" | "a_completer" | "non_conforme" | "modifie";

export interface RoomRailIndicator {
  id: string;
  code: string;
  title: string;
  state: RoomIndicatorState;
  /** The decision behind the state, when there is one (also when the state is "modifie"). */
  decision: IndicatorDecision | null;
  /** Changed by the OF before its last submission, or revised after the current decision. */
  changedSinceLastSubmission: boolean;
  /** A datadocké dossier's update of this indicator waits for a decision (decision record 038). */
  updatePending: boolean;
}

export interface RoomRailCriterion {
  id: string;
  number: number;
  title: string;
  indicators: RoomRailIndicator[];
}

export interface RoomProgress {
  total: number;
  /** Indicators with a current decision on the answer as it is (not "modifie"). */
  decided: number;
  byState: Record<RoomIndicatorState, number>;
}

export type RoomEvidenceKind = "pdf" | "image" | "link" | "file";

export interface RoomEvidence {
  id: string;
  kind: RoomEvidenceKind;
  label: string;
  /** For a link; null for a file. */
  url: string | null;
  fileId: string | null;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
}

export interface RoomCorrectiveAction {
  id: string;
  what: string;
  who: string;
  /** YYYY-MM-DD. */
  dueOn: string;
  status: CorrectiveActionStatus;
  /** Not done and its due date has passed (Paris day). */
  overdue: boolean;
}

export interface RoomDecision {
  decision: IndicatorDecision;
  reason: string | null;
  /** The review version to send back as `expectedVersion` (optimistic concurrency, decision.ts). */
  version: number;
  decidedAt: Date;
  decidedByName: string | null;
  /** The answer changed after this decision. */
  stale: boolean;
}

/** The indicator's last decision in the previous examination round (a reopened dossier, decision record 037). */
export interface RoomPreviousDecision {
  decision: IndicatorDecision;
  reason: string | null;
  decidedAt: Date;
  decidedByName: string | null;
}

export interface RoomCircuitCourt {
  certificate: {
    id: string;
    /** The label's name in the CNEFOP list. */
    labelName: string;
    fileId: string;
    fileName: string | null;
    validFrom: string;
    validTo: string;
    /** Valid today (declared, not withdrawn, within its dates). */
    valid: boolean;
    /** The examiner's check (issue 14.4): pending until validated or refused (with its reason). */
    reviewStatus: CertificateReviewStatus;
    reviewReason: string | null;
  } | null;
  /** The indicator is one the circuit court exempts from evidence, and the certificate is valid today and not refused. */
  exemptionApplies: boolean;
  /** Whether this indicator is one the circuit court can exempt from evidence. */
  indicatorExemptable: boolean;
}

/** One side of an update: the accepted answer, or the revision's. */
export interface RoomRevisionSide {
  descriptionHtml: string;
  notApplicable: boolean;
  notApplicableReason: string | null;
}

export type RoomRevisionEvidence = RoomEvidence & { change: "added" | "replaced" | null; replacesLabel: string | null };

/** A pending update of the selected indicator: before and after, and what changed in the evidence. */
export interface RoomRevision {
  id: string;
  /** The revision version to send back as `expectedVersion`. */
  version: number;
  updatedAt: Date;
  authorName: string | null;
  before: RoomRevisionSide;
  after: RoomRevisionSide;
  descriptionChanged: boolean;
  /** The evidence once validated: kept, added, or replacing an accepted item. */
  evidenceAfter: RoomRevisionEvidence[];
  /** Accepted items the update removes. */
  evidenceRemoved: RoomEvidence[];
}

export interface RoomSelectedIndicator {
  id: string;
  code: string;
  criterionNumber: number;
  /** The référentiel's official wording. */
  title: string;
  verified: boolean;
  state: RoomIndicatorState;
  /** The OF's description, sanitized HTML (decision 026): render as HTML. Empty when not answered. */
  descriptionHtml: string;
  /** The answer's id (its description's annotations: `answer:<id>:annotations`), null when not answered. */
  answerId: string | null;
  notApplicable: boolean;
  /** The OF's "non concerné" reason. */
  notApplicableReason: string | null;
  answerVersion: number | null;
  answerUpdatedAt: Date | null;
  evidence: RoomEvidence[];
  correctiveActions: RoomCorrectiveAction[];
  decision: RoomDecision | null;
  /** From round 2 on: what the previous round decided on this indicator, shown beside the new answer. */
  previousRound: RoomPreviousDecision | null;
  /** The indicator's thread (the one the OF reads), null until its first message. */
  threadId: string | null;
  circuitCourt: RoomCircuitCourt;
  /** The pending update, when the dossier is datadocké and the OF changed this indicator (decision record 038). */
  revision: RoomRevision | null;
  /** Every update of the indicator, newest first: the versions of its answer since datadockage. */
  revisionHistory: RevisionHistoryEntry[];
  previousCode: string | null;
  nextCode: string | null;
}

export interface ReviewRoomView {
  dossier: {
    id: string;
    status: DossierStatus;
    /** For closing (dossierVersion), as on the examination page. */
    version: number;
    /** The examination round: 1, then one more each time the dossier was reopened (decision record 037). */
    round: number;
    submittedAt: Date | null;
    examinerId: string | null;
    /** The co-examiners' user ids (with examinerId, who decides here: decision record 022). */
    coExaminerIds: string[];
    examinerName: string | null;
    organisationId: string;
    organisationName: string;
    siret: string | null;
    region: string | null;
    /** The earliest open stage's due day and where it stands today (decision record 045); null when none is open. */
    nextDue: { stage: DelayStage; dueOn: string; state: DueState } | null;
  };
  /** The actor is the examiner or a co-examiner and the dossier is in examination (decision 022). */
  mayDecide: boolean;
  /** The actor is the examiner or a co-examiner and the dossier is datadocké: they decide its updates. */
  mayDecideUpdates: boolean;
  rail: RoomRailCriterion[];
  progress: RoomProgress;
  selected: RoomSelectedIndicator | null;
  /** The open committee session, if any. */
  committee: CommitteeView | null;
}

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

export function evidenceKind(kind: "file" | "link", mimeType: string | null): RoomEvidenceKind {
  if (kind === "link") return "link";
  if (mimeType === "application/pdf") return "pdf";
  if (mimeType && IMAGE_TYPES.has(mimeType)) return "image";
  return "file";
}

function roomEvidence(e: RevisionEvidenceItem): RoomEvidence {
  return {
    id: e.id,
    kind: evidenceKind(e.kind, e.contentType),
    label: e.label,
    url: e.kind === "link" ? e.url : null,
    fileId: e.fileId,
    fileName: e.fileName,
    mimeType: e.contentType,
    sizeBytes: e.sizeBytes,
  };
}

/**
 * An indicator's state: decided and the answer not revised since → the decision; revised after the
 * decision (answer version newer than the one decided on), or changed before the last submission and
 * not decided since → "modifie"; otherwise "a_examiner".
 */
export function indicatorState(row: {
  decision: IndicatorDecision | null;
  answerVersion: number | null;
  reviewAnswerVersion: number | null;
  changedAtLastSubmission: boolean;
}): RoomIndicatorState {
  if (row.decision) {
    const revised = row.answerVersion !== null && row.reviewAnswerVersion !== null && row.answerVersion > row.reviewAnswerVersion;
    return revised ? "modifie" : row.decision;
  }
  return row.changedAtLastSubmission ? "modifie" : "a_examiner";
}

/** The room for a dossier, with `selectedCode` (or the first indicator to examine) selected. */
export async function loadReviewRoom(db: Executor, actor: Actor, dossierId: string, selectedCode?: string | null): Promise<ReviewRoomView> {
  if (!canActAsFunderSide(actor)) throw forbidden();
  const dossier = await findRoomDossier(db, dossierId);
  if (!dossier || !canSeeDossier(actor, { organisationId: dossier.organisationId, status: dossier.status })) {
    throw new DomainError("not_found", "errors.notFound");
  }
  if (dossierSide(actor, { organisationId: dossier.organisationId, status: dossier.status }) === "of") throw forbidden();
  const examiners = { examinerId: dossier.examiner_id, coExaminerIds: dossier.coExaminerIds };
  const updating = new Set(dossier.updatingIndicatorIds);
  const nextDue = nextDueOn(dossier.nextDeadline, dayKeyInParis(new Date()));
  const committee = dossier.committee ? committeeView(dossier.committee) : undefined;
  const [rows, previousRound] = await Promise.all([
    listRoomIndicators(db, dossierId, dossier.referentiel_version_id),
    dossier.round > 1 ? listPreviousRoundDecisions(db, dossierId) : Promise.resolve([]),
  ]);
  const withState = rows.map((r) => ({
    row: r,
    state: indicatorState({
      decision: r.decision,
      answerVersion: r.answerVersion,
      reviewAnswerVersion: r.reviewAnswerVersion,
      changedAtLastSubmission: r.changed_at_last_submission ?? false,
    }),
  }));
  // A decision whose answer was revised since ("modifie") is flagged stale (decision.ts); a page view
  // writes only when a flag is missing, which the OF's own saves normally set already.
  if (withState.some(({ row, state }) => row.decision !== null && state === "modifie" && !row.stale)) {
    await refreshStaleFlags(db, dossierId);
  }
  const rail: RoomRailCriterion[] = [];
  for (const { row, state } of withState) {
    let criterion = rail.find((c) => c.id === row.criterionId);
    if (!criterion) {
      criterion = { id: row.criterionId, number: row.criterionNumber, title: row.criterionTitle, indicators: [] };
      rail.push(criterion);
    }
    criterion.indicators.push({
      id: row.id,
      code: row.code,
      title: row.title,
      state,
      decision: row.decision,
      changedSinceLastSubmission: state === "modifie" || (row.changed_at_last_submission ?? false),
      updatePending: updating.has(row.id),
    });
  }
  const byState: Record<RoomIndicatorState, number> = { a_examiner: 0, valide: 0, a_completer: 0, non_conforme: 0, modifie: 0 };
  for (const { state } of withState) byState[state] += 1;
  const progress: RoomProgress = {
    total: withState.length,
    decided: byState.valide + byState.a_completer + byState.non_conforme,
    byState,
  };

  const firstUpdate = withState.findIndex((w) => updating.has(w.row.id));
  const index = selectedCode
    ? withState.findIndex((w) => w.row.code === selectedCode)
    : firstUpdate >= 0
      ? firstUpdate
      : Math.max(
          0,
          withState.findIndex((w) => w.state === "a_examiner" || w.state === "modifie"),
        );
  const chosen = index >= 0 ? withState[index] : undefined;
  let selected: RoomSelectedIndicator | null = null;
  if (chosen) {
    const { row, state } = chosen;
    const today = isoDay(new Date());
    // Updates (decision 038) are read only for a dossier that has had one.
    const [{ evidence, actions, threadId, certificate, decidedByName }, pending, revisionHistory] = await Promise.all([
      findRoomIndicatorDetail(db, { dossierId, indicatorId: row.id, organisationId: dossier.organisationId, decidedBy: row.decided_by }),
      updating.has(row.id) ? findPendingRevision(db, dossierId, row.id) : Promise.resolve(undefined),
      dossier.hasRevisions ? listRevisionHistory(db, dossierId, row.id) : Promise.resolve([]),
    ]);
    let revision: RoomRevision | null = null;
    if (pending) {
      const diff = await revisionEvidenceDiff(db, pending);
      const labelOf = new Map(diff.before.map((e) => [e.id, e.label]));
      const side = (description: string, notApplicable: boolean, reason: string | null): RoomRevisionSide => ({
        descriptionHtml: description ? sanitizeRichText(description) : "",
        notApplicable,
        notApplicableReason: reason,
      });
      revision = {
        id: pending.id,
        version: pending.version,
        updatedAt: pending.updated_at,
        authorName: await findUserName(db, pending.created_by),
        before: side(row.description ?? "", row.not_applicable ?? false, row.not_applicable_reason),
        after: side(pending.description, pending.not_applicable, pending.not_applicable_reason),
        descriptionChanged:
          pending.description !== (row.description ?? "") ||
          pending.not_applicable !== (row.not_applicable ?? false) ||
          (pending.not_applicable_reason ?? null) !== (row.not_applicable_reason ?? null),
        evidenceAfter: diff.after.map((e) => ({
          ...roomEvidence(e),
          change: e.change,
          replacesLabel: e.replaces ? (labelOf.get(e.replaces) ?? null) : null,
        })),
        evidenceRemoved: diff.removed.map(roomEvidence),
      };
    }
    const previous = previousRound.find((p) => p.indicatorId === row.id);
    const certificateValid = certificate ? isCertificateValid({ ...certificate, withdrawn_at: null }, today) : false;
    const certificateExempts = certificateValid && certificate?.review_status !== "refused";
    selected = {
      id: row.id,
      code: row.code,
      criterionNumber: row.criterionNumber,
      title: row.title,
      verified: row.verified,
      state,
      descriptionHtml: row.description ? sanitizeRichText(row.description) : "",
      answerId: row.answerId,
      notApplicable: row.not_applicable ?? false,
      notApplicableReason: row.not_applicable_reason,
      answerVersion: row.answerVersion,
      answerUpdatedAt: row.answerUpdatedAt,
      evidence: evidence.map((e) => ({
        id: e.id,
        kind: evidenceKind(e.kind, e.content_type),
        label: e.label,
        url: e.kind === "link" ? e.url : null,
        fileId: e.file_id,
        fileName: e.file_name,
        mimeType: e.content_type,
        sizeBytes: e.size_bytes === null ? null : Number(e.size_bytes),
      })),
      correctiveActions: actions.map((a) => ({
        id: a.id,
        what: a.what,
        who: a.who,
        dueOn: a.due_on,
        status: a.status,
        overdue: isCorrectiveActionOverdue({ status: a.status, dueOn: a.due_on }, today),
      })),
      decision:
        row.decision && row.reviewVersion !== null && row.decided_at
          ? {
              decision: row.decision,
              reason: row.reason,
              version: row.reviewVersion,
              decidedAt: row.decided_at,
              decidedByName,
              stale: state === "modifie",
            }
          : null,
      previousRound: previous
        ? { decision: previous.decision, reason: previous.reason, decidedAt: previous.decidedAt, decidedByName: previous.decidedByName }
        : null,
      threadId,
      circuitCourt: {
        certificate: certificate
          ? {
              id: certificate.id,
              labelName: certificate.label_name,
              fileId: certificate.file_id,
              fileName: certificate.file_name,
              validFrom: certificate.valid_from,
              validTo: certificate.valid_to,
              valid: certificateValid,
              reviewStatus: certificate.review_status,
              reviewReason: certificate.review_reason,
            }
          : null,
        exemptionApplies: certificateExempts && row.circuit_court_exempts_proof,
        indicatorExemptable: row.circuit_court_exempts_proof,
      },
      revision,
      revisionHistory,
      previousCode: withState[index - 1]?.row.code ?? null,
      nextCode: withState[index + 1]?.row.code ?? null,
    };
  }

  return {
    dossier: {
      id: dossier.id,
      status: dossier.status,
      version: dossier.version,
      round: dossier.round,
      submittedAt: dossier.submitted_at,
      examinerId: dossier.examiner_id,
      coExaminerIds: [...dossier.coExaminerIds],
      examinerName: dossier.examinerName,
      organisationId: dossier.organisationId,
      organisationName: dossier.organisationName,
      siret: dossier.siret?.trim() ?? null,
      region: dossier.region,
      nextDue,
    },
    mayDecide: dossier.status === "en_examen" && canDecide(actor, examiners),
    mayDecideUpdates: dossier.status === "datadocke" && canDecide(actor, examiners),
    rail,
    progress,
    selected,
    committee: committee ?? null,
  };
}
