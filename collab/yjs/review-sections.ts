import * as Y from "yjs";
import { parseDocumentName } from "../shared/document-names";
import type { CollabLogger } from "./logger";
import type { DocumentHooks } from "./document-registry";
import { splitNotesByIndicator } from "./notes-by-indicator";

/**
 * The section structure of the review notes (decision 014). The headings are written by a
 * throw-away Y.Doc whose clientID is fixed, so the seed is the same update wherever and however
 * often it is made: two instances (or a retry) seeding at once produce identical items (same ids),
 * which Yjs merges into one copy. Once seeded, the seed client is in the document's state vector
 * (even after its headings are deleted or compacted) and seeding never happens again.
 */
export const SEED_CLIENT_ID = 1;
/** Tiptap's Collaboration extension keeps the ProseMirror document in this fragment. */
export const NOTES_FIELD = "default";
/** Transaction origin of the seed (stored and relayed like any server-side change). */
export const SEED_ORIGIN = Symbol("collab:seed");

export interface SectionHeading {
  level: 2 | 3;
  text: string;
}

/** The seed update: each heading (ProseMirror `heading` node), followed by an empty paragraph under indicators. */
export function encodeSectionsSeed(headings: readonly SectionHeading[]): Uint8Array {
  const seed = new Y.Doc({ gc: false });
  seed.clientID = SEED_CLIENT_ID;
  const nodes: Y.XmlElement[] = [];
  for (const heading of headings) {
    const element = new Y.XmlElement("heading");
    element.setAttribute("level", heading.level as unknown as string);
    element.insert(0, [new Y.XmlText(heading.text)]);
    nodes.push(element);
    if (heading.level === 3) nodes.push(new Y.XmlElement("paragraph"));
  }
  seed.getXmlFragment(NOTES_FIELD).insert(0, nodes);
  const update = Y.encodeStateAsUpdate(seed);
  seed.destroy();
  return update;
}

/** Seeds the sections once: not if the document was ever seeded, nor if it already has content. */
export function seedSections(doc: Y.Doc, headings: readonly SectionHeading[]): boolean {
  if (headings.length === 0 || doc.store.clients.has(SEED_CLIENT_ID)) return false;
  if (doc.getXmlFragment(NOTES_FIELD).length > 0) return false;
  Y.applyUpdate(doc, encodeSectionsSeed(headings), SEED_ORIGIN);
  return true;
}

/**
 * The registry's onLoad hook: a dossier's review notes are seeded with its outline when loaded.
 * A failure to read the outline is logged and the notes open without sections (never a failed load).
 */
export function seedReviewSectionsOnLoad(
  outlineFor: (dossierId: string) => Promise<SectionHeading[]>,
  logger: CollabLogger,
): NonNullable<DocumentHooks["onLoad"]> {
  return async ({ documentName, document }) => {
    const parsed = parseDocumentName(documentName);
    if (parsed?.kind !== "dossier") return;
    try {
      seedSections(document.doc, await outlineFor(parsed.id));
    } catch (error) {
      logger.warn({ err: error, document: documentName }, "review sections not seeded");
    }
    try {
      // One part per indicator (issue 13): today's notes carried over once (notes-by-indicator.ts).
      splitNotesByIndicator(document.doc);
    } catch (error) {
      logger.warn({ err: error, document: documentName }, "review notes not split by indicator");
    }
  };
}
