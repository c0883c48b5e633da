import * as Y from "yjs";
import type { EvidenceAnnotationInput } from "../../../domain/collab/evidence-annotation.schema";
import { ANNOTATIONS_FIELD } from "../../../collab/shared/annotation-fields";

/**
 * The evidence annotations document: a Y.Array named "annotations" of Y.Maps, one per annotation.
 * Each field is its own map key, so two reviewers editing different fields both keep their change.
 */
export { ANNOTATIONS_FIELD };

export interface Annotation extends EvidenceAnnotationInput {
  id: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  updatedAt: string | null;
}

export const annotationsOf = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>(ANNOTATIONS_FIELD);

const str = (value: unknown) => (typeof value === "string" ? value : null);

/** The annotations as plain objects, by page then creation date (unreadable entries are skipped). */
export function readAnnotations(doc: Y.Doc): Annotation[] {
  const list: Annotation[] = [];
  for (const map of annotationsOf(doc).toArray()) {
    if (!(map instanceof Y.Map)) continue;
    const id = str(map.get("id"));
    const body = str(map.get("body"));
    if (!id || body === null) continue;
    const page = map.get("page");
    list.push({
      id,
      body,
      page: typeof page === "number" ? page : null,
      position: str(map.get("position")),
      quote: str(map.get("quote")),
      authorId: str(map.get("authorId")) ?? "",
      authorName: str(map.get("authorName")) ?? "",
      createdAt: str(map.get("createdAt")) ?? "",
      updatedAt: str(map.get("updatedAt")),
    });
  }
  return list.sort((a, b) => (a.page ?? 0) - (b.page ?? 0) || a.createdAt.localeCompare(b.createdAt));
}

export function addAnnotation(
  doc: Y.Doc,
  author: { id: string; name: string },
  input: EvidenceAnnotationInput,
  id: string = crypto.randomUUID(),
): string {
  const map = new Y.Map<unknown>();
  const fields: Record<string, unknown> = {
    id,
    authorId: author.id,
    authorName: author.name,
    createdAt: new Date().toISOString(),
    updatedAt: null,
    ...input,
  };
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  annotationsOf(doc).push([map]);
  return id;
}

export function editAnnotation(doc: Y.Doc, id: string, input: EvidenceAnnotationInput): boolean {
  const map = annotationsOf(doc)
    .toArray()
    .find((m) => m instanceof Y.Map && m.get("id") === id);
  if (!map) return false;
  doc.transact(() => {
    for (const [key, value] of Object.entries(input)) if (map.get(key) !== value) map.set(key, value);
    map.set("updatedAt", new Date().toISOString());
  });
  return true;
}

export function deleteAnnotation(doc: Y.Doc, id: string): boolean {
  const array = annotationsOf(doc);
  const index = array.toArray().findIndex((m) => m instanceof Y.Map && m.get("id") === id);
  if (index < 0) return false;
  array.delete(index, 1);
  return true;
}
