import type { ColumnType, Generated, Selectable } from "kysely";
import type { Timestamp } from "./types";

// Uploaded files (on disk or in PostgreSQL chunks).

export interface FilesTable {
  id: Generated<string>;
  organisation_id: string;
  store: "disk" | "postgres";
  storage_key: string;
  file_name: string;
  content_type: string;
  /** int8: read as a string (db/client.ts). */
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

export interface FilesTables {
  files: FilesTable;
  file_chunks: FileChunksTable;
}

export type StoredFile = Selectable<FilesTable>;
