import type { ColumnType, Generated, Selectable } from "kysely";
import type { CreatedAt, Defaulted, NullableTimestamp, Timestamp } from "./types";

// A funder's examination of dossiers: decisions per indicator and their history, co-examiners,
// de-listings, and the alerts and controls that reopen an examination.

export type IndicatorDecision = "valide" | "a_completer" | "non_conforme";
export type AlertStatus = "open" | "closed";

export interface IndicatorReviewsTable {
  id: Generated<string>;
  dossier_id: string;
  indicator_id: string;
  decision: IndicatorDecision;
  reason: string | null;
  decided_by: string | null;
  decided_at: Timestamp;
  answer_version: Defaulted<number>;
  stale: Defaulted<boolean>;
  version: Defaulted<number>;
}

export interface IndicatorReviewHistoryTable {
  id: Generated<string>;
  dossier_id: string;
  indicator_id: string;
  decision: IndicatorDecision;
  previous_decision: IndicatorDecision | null;
  reason: string | null;
  decided_by: string | null;
  decided_by_organisation_id: string | null;
  created_at: Timestamp;
}

/** Co-examiners added by a dossier's examiner. */
export interface DossierCoExaminersTable {
  dossier_id: string;
  user_id: string;
  added_by: string | null;
  added_at: CreatedAt;
}

/** One row per de-listing (dé-référencement), with its written reason. */
export interface DeListingsTable {
  id: Generated<string>;
  organisation_id: string;
  dossier_id: string;
  decided_by: string | null;
  decided_by_organisation_id: string | null;
  reason: string;
  created_at: CreatedAt;
}

export interface AlertsTable {
  id: Generated<string>;
  organisation_id: string;
  raised_by: string | null;
  raised_by_organisation_id: string | null;
  reason: string;
  file_id: string | null;
  status: Defaulted<AlertStatus>;
  closed_at: NullableTimestamp;
  closed_by: string | null;
  closing_note: string | null;
  created_at: Timestamp;
}

export interface ControlsTable {
  id: Generated<string>;
  dossier_id: string;
  alert_id: string | null;
  opened_by: string | null;
  reason: string;
  indicator_ids: ColumnType<string[], string[], string[]>;
  created_at: Timestamp;
  closed_at: NullableTimestamp;
}

export type CommitteeMark = "agree" | "disagree";

/** A review room opened as a committee (decision record 035): one open per dossier. */
export interface CommitteeSessionsTable {
  id: Generated<string>;
  dossier_id: string;
  chair_id: string | null;
  started_at: Timestamp;
  ended_at: NullableTimestamp;
}

/** Who attends a committee session (the chair's snapshots of who is in the room). */
export interface CommitteeAttendanceTable {
  session_id: string;
  user_id: string;
  joined_at: Timestamp;
  left_at: NullableTimestamp;
}

/** A decision saved in committee: its history row, the chair. */
export interface CommitteeDecisionsTable {
  id: Generated<string>;
  session_id: string;
  history_id: string;
  dossier_id: string;
  indicator_id: string;
  decision: IndicatorDecision;
  chair_id: string | null;
  created_at: Timestamp;
}

/** The members present at a committee decision and their mark (null: present, no mark). */
export interface CommitteeDecisionMembersTable {
  committee_decision_id: string;
  user_id: string;
  mark: CommitteeMark | null;
}

export interface ExaminationTables {
  indicator_reviews: IndicatorReviewsTable;
  indicator_review_history: IndicatorReviewHistoryTable;
  dossier_co_examiners: DossierCoExaminersTable;
  de_listings: DeListingsTable;
  alerts: AlertsTable;
  controls: ControlsTable;
  committee_sessions: CommitteeSessionsTable;
  committee_attendance: CommitteeAttendanceTable;
  committee_decisions: CommitteeDecisionsTable;
  committee_decision_members: CommitteeDecisionMembersTable;
}

export type IndicatorReview = Selectable<IndicatorReviewsTable>;
export type Alert = Selectable<AlertsTable>;
export type CommitteeSession = Selectable<CommitteeSessionsTable>;
