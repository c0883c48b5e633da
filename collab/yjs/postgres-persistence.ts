import * as Y from "yjs";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { appendCollabRows, compactCollabDocument, findCollabDocument } from "../../domain/collab/documents.queries";
import { silentLogger, type CollabLogger } from "./logger";
import { mergeStoredUpdates, type DocumentPersistence } from "./persistence";

export interface PostgresPersistenceOptions {
  /** How long the first update of a write round waits for others (ms); updates arriving during a write join the next round. */
  batchDelayMs?: number;
  /** Most updates of one document written as one row. */
  maxBatchSize?: number;
  logger?: CollabLogger;
}

/** The updates of one document waiting for the next write round, and the promise they all resolve with. */
interface Batch {
  updates: Uint8Array[];
  settle: { resolve(): void; reject(error: unknown): void };
  done: Promise<void>;
}

/**
 * Yjs persistence in PostgreSQL (or PGlite) through Kysely. storeUpdate resolves once the update
 * is committed to collab_updates. Writes go in rounds, one in flight at a time for the whole
 * instance: a round takes every document's waiting updates, merges each document's into one row,
 * and writes all the rows in one INSERT; updates arriving meanwhile wait for the next round.
 * compact() folds the stored updates and the given in-memory state into collab_documents in one transaction.
 */
export class PostgresPersistence implements DocumentPersistence {
  private batches = new Map<string, Batch>();
  /** Full batches set aside by storeUpdate, written before the current ones (order within a document). */
  private overflow: [string, Batch][] = [];
  private writing: Promise<void> | null = null;
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

  /** The updates of one document handed over together share one promise (one per row written). */
  storeUpdate(name: string, update: Uint8Array): Promise<void> {
    let batch = this.batches.get(name);
    if (!batch || batch.updates.length >= (this.options.maxBatchSize ?? 500)) {
      if (batch) this.batches.delete(name); // full: it waits in the round below, a fresh batch takes over
      const settle = {} as Batch["settle"];
      const done = new Promise<void>((resolve, reject) => Object.assign(settle, { resolve, reject }));
      const fresh: Batch = { updates: [], settle, done };
      if (batch) this.overflow.push([name, batch]);
      batch = fresh;
      this.batches.set(name, batch);
    }
    batch.updates.push(update);
    this.writing ??= this.drain();
    return batch.done;
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
    while (this.writing) await this.writing.catch(() => {});
  }

  private async drain(): Promise<void> {
    const delay = this.options.batchDelayMs ?? 5;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      while (this.batches.size > 0 || this.overflow.length > 0) {
        const round = [...this.overflow, ...this.batches];
        this.overflow = [];
        this.batches = new Map();
        try {
          await appendCollabRows(
            this.db,
            round.flatMap(([documentName, batch]) => mergeBatch(batch.updates).map((update) => ({ documentName, update }))),
          );
          for (const [, batch] of round) batch.settle.resolve();
        } catch (error) {
          for (const [, batch] of round) batch.settle.reject(error);
        }
      }
    } finally {
      this.writing = null;
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
