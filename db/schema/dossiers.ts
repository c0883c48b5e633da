import type { ColumnType, Generated, Selectable } from "kysely";
import type { DateString, Defaulted, Json, NullableTimestamp, Timestamp } from "./types";

// An OF's dossier for one référentiel version: its answers per indicator, their evidence, the
// self-assessment, corrective actions, and the dossier's event log.

export type DossierStatus = "brouillon" | "soumis" | "en_examen" | "a_completer" | "datadocke" | "non_conforme" | "dereference";
export type SelfAssessmentLevel = "oui" | "en_partie" | "non";
/** "accepte": set by the examiner only (issue 14.3). */
export type CorrectiveActionStatus = "a_faire" | "en_cours" | "fait" | "accepte";

export interface DossiersTable {
  id: Generated<string>;
  organisation_id: string;
  referentiel_version_id: string;
  status: Defaulted<DossierStatus>;
  submitted_at: NullableTimestamp;
  decided_at: NullableTimestamp;
  examiner_id: string | null;
  version: Defaulted<number>;
  /** The examination round: 1, then one more each time the dossier is reopened (decision record 037). */
  round: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One row per reopening: the round it opened, from which status, by whom, when. */
export interface DossierRoundsTable {
  id: Generated<string>;
  dossier_id: string;
  round: number;
  from_status: DossierStatus;
  opened_by: string | null;
  opened_at: Timestamp;
}

export interface DossierEventsTable {
  id: Generated<string>;
  dossier_id: string;
  actor_id: string | null;
  kind: string;
  payload: Json;
  created_at: Timestamp;
}

export interface IndicatorAnswersTable {
  id: Generated<string>;
  dossier_id: string;
  indicator_id: string;
  description: Defaulted<string>;
  not_applicable: Defaulted<boolean>;
  not_applicable_reason: string | null;
  changed_since_submission: Defaulted<boolean>;
  /** changed_since_submission as it was at the last submission (what the examiner sees). */
  changed_at_last_submission: Defaulted<boolean>;
  version: Defaulted<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface EvidenceTable {
  id: Generated<string>;
  answer_id: string;
  kind: "file" | "link";
  file_id: string | null;
  url: string | null;
  label: Defaulted<string>;
  replaced_by: string | null;
  removed_at: NullableTimestamp;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SelfAssessmentsTable {
  dossier_id: string;
  indicator_id: string;
  level: SelfAssessmentLevel;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface CorrectiveActionsTable {
  id: Generated<string>;
  dossier_id: string;
  indicator_id: string;
  what: string;
  who: string;
  due_on: DateString;
  status: Defaulted<CorrectiveActionStatus>;
  accepted_by: string | null;
  accepted_at: NullableTimestamp;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An attestation of datadockage (issue 14.5): its public code, valid until revoked and while the dossier stays datadocké. */
export interface AttestationsTable {
  id: Generated<string>;
  /** 16 characters of Crockford base32, stored without separators. */
  code: string;
  organisation_id: string;
  dossier_id: string;
  /** The date of datadockage printed on the attestation (the dossier's decision when it was issued). */
  datadocke_at: ColumnType<Date, Date | string, Date | string>;
  issued_by: string | null;
  issued_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export type AnswerRevisionStatus = "pending" | "validated" | "sent_back";

/**
 * An update of a datadocké dossier's indicator (decision record 038): the OF's proposed answer kept
 * beside the accepted one until an examiner validates it or sends it back. `before_*` is the
 * accepted answer it started from (answer version `base_answer_version`).
 */
export interface AnswerRevisionsTable {
  id: Generated<string>;
  dossier_id: string;
  indicator_id: string;
  answer_id: string;
  base_answer_version: number;
  before_description: Defaulted<string>;
  before_not_applicable: Defaulted<boolean>;
  before_not_applicable_reason: string | null;
  description: Defaulted<string>;
  not_applicable: Defaulted<boolean>;
  not_applicable_reason: string | null;
  status: Defaulted<AnswerRevisionStatus>;
  /** Bumped by every edit: the examiner decides on the version they saw. */
  version: Defaulted<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_reason: string | null;
}

export type RevisionEvidenceChange = "added" | "replaced" | "removed";

/**
 * An evidence change of a revision: an item added, an accepted item (`evidence_id`) replaced by a new
 * one, or removed. Applied to `evidence` when the revision is validated (`applied_evidence_id`).
 */
export interface RevisionEvidenceTable {
  id: Generated<string>;
  revision_id: string;
  change: RevisionEvidenceChange;
  evidence_id: string | null;
  kind: "file" | "link" | null;
  file_id: string | null;
  url: string | null;
  label: Defaulted<string>;
  applied_evidence_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface DossiersTables {
  dossiers: DossiersTable;
  dossier_rounds: DossierRoundsTable;
  dossier_events: DossierEventsTable;
  indicator_answers: IndicatorAnswersTable;
  evidence: EvidenceTable;
  self_assessments: SelfAssessmentsTable;
  corrective_actions: CorrectiveActionsTable;
  attestations: AttestationsTable;
  answer_revisions: AnswerRevisionsTable;
  revision_evidence: RevisionEvidenceTable;
}

export type Dossier = Selectable<DossiersTable>;
export type IndicatorAnswer = Selectable<IndicatorAnswersTable>;
export type Evidence = Selectable<EvidenceTable>;
export type CorrectiveAction = Selectable<CorrectiveActionsTable>;
export type AnswerRevision = Selectable<AnswerRevisionsTable>;
export type RevisionEvidence = Selectable<RevisionEvidenceTable>;
