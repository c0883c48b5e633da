import type { ColumnType, Generated } from "kysely";
import type { DateString, NullableTimestamp, Timestamp } from "./types";

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

export interface EventsTables {
  domain_events: DomainEventsTable;
  scheduled_job_runs: ScheduledJobRunsTable;
}
