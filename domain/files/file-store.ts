/**
 * Where file bytes live, behind one interface: local disk under DATA_DIR/files (default) or PostgreSQL
 * (chunked in file_chunks) for multi-instance deployments. The `files` row (name, type, size, owner)
 * is written by the upload service; a store only keeps and streams bytes.
 */
export type FileStoreKind = "disk" | "postgres";

export interface StoredObjectRef {
  id: string;
  storage_key: string;
}

export interface FileStore {
  readonly kind: FileStoreKind;
  /** Stores the bytes of a file whose `files` row exists. Resolves with the byte count written. */
  write(ref: StoredObjectRef, source: AsyncIterable<Uint8Array>): Promise<number>;
  /** Streams the bytes back, in order, without loading the whole file. */
  read(ref: StoredObjectRef): AsyncIterable<Uint8Array>;
  /** Removes the bytes; removing a missing object is not an error. */
  remove(ref: StoredObjectRef): Promise<void>;
}

/**
 * The store holding a given file: the configured one, or the PostgreSQL store for files written there
 * (e.g. by the demo seed, or before FILE_STORE changed); null when the bytes live on another instance's disk.
 */
export function storeHolding(file: { store: FileStoreKind }, configured: FileStore, postgres: () => FileStore): FileStore | null {
  if (file.store === configured.kind) return configured;
  if (file.store === "postgres") return postgres();
  return null;
}
