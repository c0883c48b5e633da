import * as Y from "yjs";
import { NOTES_FIELD } from "./review-sections";
import { indicatorNotesField } from "../shared/document-names";

/**
 * The review notes, one part per indicator (issue 13, decision record 035): each indicator's notes
 * live in their own XML fragment `indicator:<code>` of the dossier's review document (Tiptap
 * Collaboration's `field`), so the room shows only the open indicator's part.
 *
 * Today's notes (one fragment, `default`, with a heading per indicator) are carried over once, on
 * the server, when the document is loaded: the nodes under each indicator's heading are copied into
 * its fragment (only into an empty one). Like the seed (review-sections.ts), the copy is written by
 * a throw-away Y.Doc with a fixed clientID from the same state, so two instances loading the same
 * document at once write identical items, which Yjs merges; a marker by that client makes it once.
 * The legacy fragment is left as it was (named versions still restore it).
 */
export const MIGRATION_CLIENT_ID = 2;
export const MIGRATION_ORIGIN = Symbol("collab:notes-by-indicator");
const MARKER_MAP = "migrations";
const MARKER_KEY = "notes-by-indicator";

function textOf(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) return node.toString().replace(/<[^>]*>/g, "");
  if (node instanceof Y.XmlElement)
    return node
      .toArray()
      .map((child) => textOf(child as Y.XmlElement | Y.XmlText))
      .join("");
  return "";
}

/** The indicator code a level-3 heading of the legacy outline names ("2.2 — Wording" → "2.2"). */
export function headingCode(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string | null {
  if (!(node instanceof Y.XmlElement) || node.nodeName !== "heading") return null;
  if (String(node.getAttribute("level")) !== "3") return null;
  return /^\s*([0-9]+(?:\.[0-9]+)*)\b/.exec(textOf(node))?.[1] ?? null;
}

/** Each indicator's legacy section: the nodes after its heading, up to the next heading; only sections with text. */
export function legacySections(doc: Y.Doc): Map<string, (Y.XmlElement | Y.XmlText)[]> {
  const sections = new Map<string, (Y.XmlElement | Y.XmlText)[]>();
  let current: string | null = null;
  for (const node of doc.getXmlFragment(NOTES_FIELD).toArray()) {
    if (node instanceof Y.XmlElement && node.nodeName === "heading") {
      current = headingCode(node);
      if (current) sections.set(current, []);
      continue;
    }
    if (current && (node instanceof Y.XmlElement || node instanceof Y.XmlText)) sections.get(current)!.push(node);
  }
  for (const [code, nodes] of sections) if (!nodes.some((n) => textOf(n).trim() !== "")) sections.delete(code);
  return sections;
}

/** Carries the legacy notes over into per-indicator fragments, once. Returns the codes copied. */
export function splitNotesByIndicator(doc: Y.Doc): string[] {
  if (doc.store.clients.has(MIGRATION_CLIENT_ID)) return [];
  const scratch = new Y.Doc({ gc: false });
  try {
    scratch.clientID = MIGRATION_CLIENT_ID;
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(scratch);
    const copied: string[] = [];
    scratch.transact(() => {
      for (const [code, nodes] of legacySections(scratch)) {
        const target = scratch.getXmlFragment(indicatorNotesField(code));
        if (target.length > 0) continue;
        target.insert(
          0,
          nodes.map((n) => n.clone()),
        );
        copied.push(code);
      }
      scratch.getMap(MARKER_MAP).set(MARKER_KEY, true);
    });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(scratch, before), MIGRATION_ORIGIN);
    return copied;
  } finally {
    scratch.destroy();
  }
}
