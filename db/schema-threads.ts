import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type ThreadStateKind = "resolved" | "reopened";
export type ThreadActorSide = "of" | "funder";

/** Per user and thread, the last message read (migration 2026-11-29-0800-thread-reads). */
export interface ThreadReadsTable {
  thread_id: string;
  user_id: string;
  last_read_message_id: string;
  /** created_at of that message: unread = messages after it. */
  last_read_at: Timestamp;
  updated_at: Timestamp;
}

/** Resolve / reopen history of a thread; the latest row is its current state (none: open). */
export interface ThreadStateChangesTable {
  id: Generated<string>;
  thread_id: string;
  kind: ThreadStateKind;
  actor_id: string | null;
  actor_name: string;
  actor_side: ThreadActorSide;
  created_at: Timestamp;
}

export interface ThreadTables {
  thread_reads: ThreadReadsTable;
  thread_state_changes: ThreadStateChangesTable;
}
