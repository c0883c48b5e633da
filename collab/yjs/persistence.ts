import * as Y from "yjs";

/**
 * Where documents live between loads: a tiny fetch/store adapter (Hocuspocus style).
 * - fetch: the whole state as one Yjs update, or null for a document never stored.
 * - storeUpdate: appends one update durably; resolves once it is written.
 * - compact: folds the stored updates, and `state` (the in-memory document), into one snapshot.
 */
export interface DocumentPersistence {
  fetch(name: string): Promise<Uint8Array | null>;
  storeUpdate(name: string, update: Uint8Array): Promise<void>;
  compact?(name: string, state: Uint8Array): Promise<void>;
}

/**
 * Merges updates into one, through a Y.Doc so deleted content is garbage collected. An update
 * that Yjs refuses is skipped (and reported) rather than making the whole document unloadable.
 */
export function mergeStoredUpdates(updates: Iterable<Uint8Array>, onBadUpdate?: (error: unknown) => void): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    for (const update of updates) {
      try {
        Y.applyUpdate(doc, update);
      } catch (error) {
        onBadUpdate?.(error);
      }
    }
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** In-memory persistence, for development and tests. */
export class MemoryPersistence implements DocumentPersistence {
  private readonly updates = new Map<string, Uint8Array[]>();

  async fetch(name: string): Promise<Uint8Array | null> {
    const updates = this.updates.get(name);
    return updates ? mergeStoredUpdates(updates) : null;
  }

  async storeUpdate(name: string, update: Uint8Array): Promise<void> {
    const updates = this.updates.get(name) ?? [];
    updates.push(update);
    this.updates.set(name, updates);
  }

  async compact(name: string, state: Uint8Array): Promise<void> {
    this.updates.set(name, [mergeStoredUpdates([...(this.updates.get(name) ?? []), state])]);
  }
}
