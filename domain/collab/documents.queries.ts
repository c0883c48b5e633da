import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";

// bytea comes back as Buffer (pg) or Uint8Array (PGlite): both are Uint8Array, which is all callers need.

/** Appends rows of several documents in one INSERT; the rows of one document keep their order. */
export async function appendCollabRows(db: Executor, rows: { documentName: string; update: Uint8Array }[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("collab_updates")
    .values(rows.map((row) => ({ document_name: row.documentName, update: toBuffer(row.update) })))
    .execute();
}

/**
 * Everything stored for a document: its snapshot (null if never compacted) and the updates
 * appended since. Updates are read first: a compaction committing in between moves updates into
 * the snapshot read next, so nothing is missed (reading the other way round could miss them).
 */
export async function findCollabDocument(db: Executor, documentName: string): Promise<{ state: Uint8Array | null; updates: Uint8Array[] }> {
  const updates = await db.selectFrom("collab_updates").select("update").where("document_name", "=", documentName).orderBy("id").execute();
  const row = await db.selectFrom("collab_documents").select("state").where("name", "=", documentName).executeTakeFirst();
  return { state: row && row.state.length > 0 ? row.state : null, updates: updates.map((u) => u.update) };
}

/**
 * Folds a document's stored snapshot and updates into one new snapshot, in one transaction: `fold`
 * receives the snapshot (when there is one) followed by the appended updates, and returns the new
 * state. Concurrent compactions of one document queue on the snapshot row's lock.
 */
export function compactCollabDocument(db: Executor, documentName: string, fold: (stored: Uint8Array[]) => Uint8Array): Promise<void> {
  return inTransaction(db, async (trx) => {
    const snapshot = await lockCollabDocument(trx, documentName);
    const updates = await takeCollabUpdates(trx, documentName);
    await saveCollabState(trx, documentName, fold([...(snapshot ? [snapshot] : []), ...updates]));
  });
}

/**
 * Locks a document's snapshot row for a compaction (creating it empty if needed) and returns the
 * current snapshot. Run inside a transaction: concurrent compactions of one document queue here.
 */
async function lockCollabDocument(trx: Executor, documentName: string): Promise<Uint8Array | null> {
  await trx
    .insertInto("collab_documents")
    .values({ name: documentName, state: Buffer.alloc(0) })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await trx
    .selectFrom("collab_documents")
    .select("state")
    .where("name", "=", documentName)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.state.length > 0 ? row.state : null;
}

/** Deletes and returns a document's appended updates: exactly the rows removed are the ones returned. */
async function takeCollabUpdates(trx: Executor, documentName: string): Promise<Uint8Array[]> {
  const rows = await trx.deleteFrom("collab_updates").where("document_name", "=", documentName).returning("update").execute();
  return rows.map((r) => r.update);
}

async function saveCollabState(trx: Executor, documentName: string, state: Uint8Array): Promise<void> {
  await trx
    .updateTable("collab_documents")
    .set({ state: toBuffer(state), updated_at: new Date() })
    .where("name", "=", documentName)
    .execute();
}

export async function countCollabUpdates(db: Executor, documentName: string): Promise<number> {
  const row = await db
    .selectFrom("collab_updates")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("document_name", "=", documentName)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes a document for good (its dossier, evidence or organisation is deleted). */
export async function deleteCollabDocument(db: Executor, documentName: string): Promise<void> {
  await db.deleteFrom("collab_updates").where("document_name", "=", documentName).execute();
  await db.deleteFrom("collab_documents").where("name", "=", documentName).execute();
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
