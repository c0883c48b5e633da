import * as Y from "yjs";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { appendCollabUpdates, compactCollabDocument, findCollabDocument } from "../../domain/collab/documents.queries";
import { silentLogger, type CollabLogger } from "./logger";
import { mergeStoredUpdates, type DocumentPersistence } from "./persistence";

export interface PostgresPersistenceOptions {
  /** How long the first update of a batch waits for others (ms); updates arriving during a write join the next one. */
  batchDelayMs?: number;
  /** Most updates written as one row. */
  maxBatchSize?: number;
  logger?: CollabLogger;
}

interface Pending {
  update: Uint8Array;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Yjs persistence in PostgreSQL (or PGlite) through Kysely. storeUpdate resolves once the update
 * is committed to collab_updates: writes of one document are serialised (one in flight at a time)
 * and the updates that queue meanwhile are merged into the next row. compact() folds the stored
 * updates and the given in-memory state into collab_documents in one transaction.
 */
export class PostgresPersistence implements DocumentPersistence {
  private readonly queues = new Map<string, Pending[]>();
  private readonly writing = new Map<string, Promise<void>>();
  private readonly logger: CollabLogger;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: PostgresPersistenceOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  async fetch(name: string): Promise<Uint8Array | null> {
    const { state, updates } = await findCollabDocument(this.db, name);
    if (state === null && updates.length === 0) return null;
    return mergeStoredUpdates(state ? [state, ...updates] : updates, (error) =>
      this.logger.error({ err: error, document: name }, "stored collab update skipped"),
    );
  }

  storeUpdate(name: string, update: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const queue = this.queues.get(name) ?? [];
      queue.push({ update, resolve, reject });
      this.queues.set(name, queue);
      if (!this.writing.has(name)) this.writing.set(name, this.drain(name));
    });
  }

  async compact(name: string, state: Uint8Array): Promise<void> {
    await compactCollabDocument(this.db, name, (stored) =>
      mergeStoredUpdates([...stored, state], (error) =>
        this.logger.error({ err: error, document: name }, "stored collab update dropped by compaction"),
      ),
    );
  }

  /** Resolves once every update handed over so far is written (or has failed). */
  async flush(): Promise<void> {
    while (this.writing.size > 0) await Promise.allSettled([...this.writing.values()]);
  }

  private async drain(name: string): Promise<void> {
    const delay = this.options.batchDelayMs ?? 5;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      for (;;) {
        const queue = this.queues.get(name) ?? [];
        if (queue.length === 0) return;
        const batch = queue.splice(0, this.options.maxBatchSize ?? 500);
        try {
          await appendCollabUpdates(this.db, name, mergeBatch(batch.map((p) => p.update)));
          for (const pending of batch) pending.resolve();
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.writing.delete(name);
      this.queues.delete(name);
    }
  }
}

/** One row per batch; one row per update should Yjs fail to merge them. */
function mergeBatch(updates: Uint8Array[]): Uint8Array[] {
  if (updates.length === 1) return updates;
  try {
    return [Y.mergeUpdates(updates)];
  } catch {
    return updates;
  }
}
