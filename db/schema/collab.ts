import type { Generated } from "kysely";
import type { Defaulted, NullableTimestamp, Timestamp } from "./types";

// The live layer: collaborative documents (Yjs state, appended updates, named versions),
// presence sessions and the coordinators' activity feed.

export type CollabDocumentKind = "dossier" | "evidence" | "organisation";
export type PresencePlace = "portal" | "dossier" | "organisation";
export type ActivityKind = "decision" | "status" | "evidence" | "message" | "join" | "leave";

/** A collaborative document's compacted Yjs state (one update holding everything up to the compaction). */
export interface CollabDocumentsTable {
  name: string;
  state: Uint8Array;
  updated_at: Timestamp;
}

/** Yjs updates appended as they happen, folded into collab_documents by compaction. */
export interface CollabUpdatesTable {
  id: Generated<string>;
  document_name: string;
  update: Uint8Array;
  created_at: Timestamp;
}

/** A named version of a collaborative document. */
export interface CollabVersionsTable {
  id: Generated<string>;
  document_kind: CollabDocumentKind;
  document_id: string;
  name: string;
  /** The whole Yjs state (Y.encodeStateAsUpdate) when the version was saved. */
  state: Uint8Array;
  created_by: string | null;
  created_at: Timestamp;
}

/** Who was connected where, from when to when. */
export interface PresenceSessionsTable {
  id: Generated<string>;
  user_id: string;
  /** The server instance holding the socket: its open rows are closed when it stops or restarts. */
  instance_id: string;
  place: PresencePlace;
  dossier_id: string | null;
  organisation_id: string | null;
  started_at: Timestamp;
  ended_at: NullableTimestamp;
  end_reason: string | null;
}

/** The coordinators' activity feed, written after the change it reports was committed. */
export interface ActivityEventsTable {
  id: Generated<string>;
  kind: ActivityKind;
  actor_id: string | null;
  actor_name: string;
  /** The actor's organisation (a funder, the OF itself, the coordination). */
  actor_organisation_id: string | null;
  actor_organisation_name: Defaulted<string>;
  dossier_id: string | null;
  /** The OF the dossier belongs to. */
  organisation_id: string | null;
  organisation_name: string | null;
  indicator_code: string | null;
  /** The decision, the new status, the evidence label… */
  detail: string | null;
  created_at: Timestamp;
}

export interface CollabTables {
  collab_documents: CollabDocumentsTable;
  collab_updates: CollabUpdatesTable;
  collab_versions: CollabVersionsTable;
  presence_sessions: PresenceSessionsTable;
  activity_events: ActivityEventsTable;
}
