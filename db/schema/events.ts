import type { ColumnType, Generated } from "kysely";
import type { DateString, Defaulted, Json, NullableTimestamp, Timestamp } from "./types";

// The domain-event outbox (decision 030): services record events in their transaction, the
// dispatcher in server/events/ claims and fans them out after the commit.

export interface DomainEventsTable {
  id: Generated<string>;
  /** Bigserial as a string: the order events are dispatched in. */
  seq: Generated<string>;
  type: string;
  payload: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  /** The instance dispatching it (null: nobody yet). */
  claimed_by: string | null;
  claimed_at: NullableTimestamp;
  /** Set once every handler ran; null: still to dispatch. */
  dispatched_at: NullableTimestamp;
}

/** A daily job's run (server/jobs): the primary key makes one instance, and one only, claim a day. */
export interface ScheduledJobRunsTable {
  job: string;
  run_on: DateString;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
}

export type BulkAction = "assign" | "take" | "label";
export type BulkTarget = "dossier" | "organisation";
export type BulkJobStatus = "queued" | "running" | "done";
export type BulkItemOutcome = "done" | "skipped";

/** A bulk action of the queue or the directory (issue 15.3, decision record 043), run by one instance at a time. */
export interface BulkJobsTable {
  id: Generated<string>;
  action: BulkAction;
  target: BulkTarget;
  /** The action's parameters: `{ examinerId }` (assign), `{ labelName }` (label), `{}` (take). */
  params: Json;
  requested_by: string;
  status: Defaulted<BulkJobStatus>;
  total: number;
  done_count: Defaulted<number>;
  skipped_count: Defaulted<number>;
  /** The instance running it and when it last renewed its lease (null: queued). */
  claimed_by: string | null;
  claimed_at: NullableTimestamp;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

/** One row of a bulk job: a dossier or an OF, with its outcome once processed. */
export interface BulkJobItemsTable {
  job_id: string;
  position: number;
  target_id: string;
  outcome: BulkItemOutcome | null;
  /** Why it was skipped: a BulkSkipReason (domain/bulk/). */
  reason: string | null;
}

export interface EventsTables {
  domain_events: DomainEventsTable;
  scheduled_job_runs: ScheduledJobRunsTable;
  bulk_jobs: BulkJobsTable;
  bulk_job_items: BulkJobItemsTable;
}
