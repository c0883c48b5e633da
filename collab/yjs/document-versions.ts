import * as Y from "yjs";
import type { DocumentRegistry } from "./document-registry";
import { NOTES_FIELD } from "./review-sections";

/** Transaction origin of a restored version: stored, relayed and broadcast like any change. */
export const RESTORE_ORIGIN = Symbol("collab:restore");

/** The whole current state of a document (loaded for the occasion if nobody has it open). */
export function snapshotDocument(registry: DocumentRegistry, name: string): Promise<Uint8Array> {
  return registry.withDocument(name, (document) => Y.encodeStateAsUpdate(document.doc));
}

/**
 * Restores a version's content as a new change: the current content of the notes is deleted and
 * copies of the version's nodes are inserted, in one transaction. Every connected client receives
 * it as an ordinary update; the document's history (and the other versions) stay.
 */
export function restoreDocument(registry: DocumentRegistry, name: string, state: Uint8Array): Promise<void> {
  return registry.withDocument(name, (document) => restoreContent(document.doc, state));
}

export function restoreContent(doc: Y.Doc, state: Uint8Array, field = NOTES_FIELD): void {
  const version = new Y.Doc();
  try {
    Y.applyUpdate(version, state);
    // The legacy fragment and every indicator's part (notes-by-indicator.ts), present in either.
    const fields = new Set([field, ...[...version.share.keys(), ...doc.share.keys()].filter((name) => name.startsWith("indicator:"))]);
    doc.transact(() => {
      for (const name of fields) {
        const source = version.getXmlFragment(name).toArray();
        const target = doc.getXmlFragment(name);
        target.delete(0, target.length);
        target.insert(
          0,
          source.flatMap((node) => (node instanceof Y.XmlElement || node instanceof Y.XmlText ? [node.clone()] : [])),
        );
      }
    }, RESTORE_ORIGIN);
  } finally {
    version.destroy();
  }
}
