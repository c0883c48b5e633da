import type { Generated } from "kysely";
import type { Timestamp } from "./types";

// Corrective-action threads on a dossier or one of its indicators: messages, reads, resolve/reopen.

export type ThreadStateKind = "resolved" | "reopened";
export type ThreadActorSide = "of" | "funder";

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

/** Per user and thread, the last message read. */
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

export interface ThreadsTables {
  threads: ThreadsTable;
  messages: MessagesTable;
  thread_reads: ThreadReadsTable;
  thread_state_changes: ThreadStateChangesTable;
}
