import type { ColumnType, Generated, Selectable } from "kysely";
import type { IndicatorAnswersJourneyGaps } from "./schema-journey-gaps";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type IndicatorDecision = "valide" | "a_completer" | "non_conforme";

export interface FilesTable {
  id: Generated<string>;
  organisation_id: string;
  store: "disk" | "postgres";
  storage_key: string;
  file_name: string;
  content_type: string;
  size_bytes: ColumnType<string, number | string, number | string>;
  sha256: string;
  uploaded_by: string | null;
  created_at: Timestamp;
}

export interface FileChunksTable {
  file_id: string;
  seq: number;
  data: Uint8Array;
}

export interface IndicatorAnswersTable extends IndicatorAnswersJourneyGaps {
  id: Generated<string>;
  dossier_id: string;
  indicator_id: string;
  description: ColumnType<string, string | undefined, string>;
  not_applicable: ColumnType<boolean, boolean | undefined, boolean>;
  not_applicable_reason: string | null;
  changed_since_submission: ColumnType<boolean, boolean | undefined, boolean>;
  version: ColumnType<number, number | undefined, number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface EvidenceTable {
  id: Generated<string>;
  answer_id: string;
  kind: "file" | "link";
  file_id: string | null;
  url: string | null;
  label: ColumnType<string, string | undefined, string>;
  replaced_by: string | null;
  removed_at: NullableTimestamp;
  created_by: string | null;
  created_at: Timestamp;
}

export interface IndicatorReviewsTable {
  id: Generated<string>;
  dossier_id: string;
  indicator_id: string;
  decision: IndicatorDecision;
  reason: string | null;
  decided_by: string | null;
  decided_at: Timestamp;
  answer_version: ColumnType<number, number | undefined, number>;
  stale: ColumnType<boolean, boolean | undefined, boolean>;
  version: ColumnType<number, number | undefined, number>;
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

export interface ThreadsTable {
  id: Generated<string>;
  dossier_id: string;
  indicator_id: string | null;
  created_at: Timestamp;
}

export interface MessagesTable {
  id: Generated<string>;
  thread_id: string;
  author_id: string | null;
  author_organisation_id: string | null;
  body: string;
  file_id: string | null;
  created_at: Timestamp;
}

export interface DossierContentTables {
  files: FilesTable;
  file_chunks: FileChunksTable;
  indicator_answers: IndicatorAnswersTable;
  evidence: EvidenceTable;
  indicator_reviews: IndicatorReviewsTable;
  indicator_review_history: IndicatorReviewHistoryTable;
  threads: ThreadsTable;
  messages: MessagesTable;
}

export type StoredFile = Selectable<FilesTable>;
export type IndicatorAnswer = Selectable<IndicatorAnswersTable>;
export type Evidence = Selectable<EvidenceTable>;
export type IndicatorReview = Selectable<IndicatorReviewsTable>;
