import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type CollabDocumentKind = "dossier" | "evidence" | "organisation";

/** A named version of a collaborative document (migration 2026-11-29-0600-collab-versions). */
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

export interface CollabVersionsTables {
  collab_versions: CollabVersionsTable;
}
