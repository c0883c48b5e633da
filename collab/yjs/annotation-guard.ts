import * as Y from "yjs";
import { ANNOTATION_AUTHOR_KEY, AUTHORED_FIELDS } from "../shared/annotation-fields";

/** An update that changes what someone else wrote: the connection is closed with 4403. */
export class ChangeRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChangeRefused";
  }
}

/** Each annotation and reply (by its array and Yjs item id, stable across copies) → its author and content. */
function annotationsOf(doc: Y.Doc): Map<string, { authorId: unknown; content: string }> {
  const entries = new Map<string, { authorId: unknown; content: string }>();
  for (const field of AUTHORED_FIELDS) {
    doc.getArray<unknown>(field).forEach((value, index) => {
      const item = value instanceof Y.Map ? value._item : null;
      const key = `${field}/${item ? `${item.id.client}:${item.id.clock}` : `value:${index}`}`;
      const authorId = value instanceof Y.Map ? value.get(ANNOTATION_AUTHOR_KEY) : undefined;
      entries.set(key, { authorId, content: JSON.stringify(value instanceof Y.Map ? value.toJSON() : value) });
    });
  }
  return entries;
}

/**
 * Evidence annotations and their replies: a writer adds entries under their own user id and edits or
 * deletes only those (the dossier's examiner, "moderate" access, is not checked). The update is applied to a
 * scratch copy of the document (pending updates included, so a change cannot hide behind a missing
 * dependency) and the annotations are compared before and after. Throws ChangeRefused.
 */
export function checkAnnotationChange(doc: Y.Doc, update: Uint8Array, userId: string): void {
  const scratch = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    const before = annotationsOf(scratch);
    Y.applyUpdate(scratch, update);
    const after = annotationsOf(scratch);
    for (const [key, was] of before) {
      const now = after.get(key);
      if (now && now.content === was.content) continue;
      if (was.authorId !== userId)
        throw new ChangeRefused(now ? "annotation of another author changed" : "annotation of another author deleted");
      if (now && now.authorId !== userId) throw new ChangeRefused("annotation handed to another author");
    }
    for (const [key, now] of after) {
      if (!before.has(key) && now.authorId !== userId) throw new ChangeRefused("annotation added under another author");
    }
  } finally {
    scratch.destroy();
  }
}
