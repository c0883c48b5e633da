import * as Y from "yjs";
import {
  annotationRegionSchema,
  type AnnotationRegion,
  type EvidenceAnnotationInput,
} from "../../../domain/collab/evidence-annotation.schema";
import { ANNOTATIONS_FIELD, REPLIES_FIELD } from "../../../collab/shared/annotation-fields";

/**
 * The evidence annotations document: a Y.Array named "annotations" of Y.Maps, one per annotation,
 * and a Y.Array named "replies" of Y.Maps, one per reply (`annotationId` names the annotation).
 * Each field is its own map key, so two reviewers editing different fields both keep their change.
 * An annotation drawn on the document has a `region` (page and rectangle in page-relative
 * coordinates, annotation-region schema); the older typed ones have only a `page` number.
 */
export { ANNOTATIONS_FIELD, REPLIES_FIELD };

export interface Annotation extends EvidenceAnnotationInput {
  id: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  updatedAt: string | null;
  /** Where on the document, or null for an annotation without a drawn region. */
  region: AnnotationRegion | null;
}

export interface AnnotationReply {
  id: string;
  annotationId: string;
  body: string;
  authorId: string;
  authorName: string;
  createdAt: string;
}

export const annotationsOf = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>(ANNOTATIONS_FIELD);
export const repliesOf = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>(REPLIES_FIELD);

const str = (value: unknown) => (typeof value === "string" ? value : null);

/** A stored region, or null when absent or not a valid rectangle. */
function regionOf(value: unknown): AnnotationRegion | null {
  const parsed = annotationRegionSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The annotations as plain objects, by page then creation date (unreadable entries are skipped). */
export function readAnnotations(doc: Y.Doc): Annotation[] {
  const list: Annotation[] = [];
  for (const map of annotationsOf(doc).toArray()) {
    if (!(map instanceof Y.Map)) continue;
    const id = str(map.get("id"));
    const body = str(map.get("body"));
    if (!id || body === null) continue;
    const page = map.get("page");
    const region = regionOf(map.get("region"));
    list.push({
      id,
      body,
      page: region?.page ?? (typeof page === "number" ? page : null),
      position: str(map.get("position")),
      quote: str(map.get("quote")),
      authorId: str(map.get("authorId")) ?? "",
      authorName: str(map.get("authorName")) ?? "",
      createdAt: str(map.get("createdAt")) ?? "",
      updatedAt: str(map.get("updatedAt")),
      region,
    });
  }
  return list.sort((a, b) => (a.page ?? 0) - (b.page ?? 0) || a.createdAt.localeCompare(b.createdAt));
}

export function addAnnotation(
  doc: Y.Doc,
  author: { id: string; name: string },
  input: EvidenceAnnotationInput,
  id: string = crypto.randomUUID(),
  region: AnnotationRegion | null = null,
): string {
  const map = new Y.Map<unknown>();
  const fields: Record<string, unknown> = {
    id,
    authorId: author.id,
    authorName: author.name,
    createdAt: new Date().toISOString(),
    updatedAt: null,
    ...input,
    ...(region ? { region: { ...region }, page: region.page } : {}),
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

/** The replies, by annotation id, each list in creation order (unreadable entries are skipped). */
export function readReplies(doc: Y.Doc): Map<string, AnnotationReply[]> {
  const byAnnotation = new Map<string, AnnotationReply[]>();
  for (const map of repliesOf(doc).toArray()) {
    if (!(map instanceof Y.Map)) continue;
    const id = str(map.get("id"));
    const annotationId = str(map.get("annotationId"));
    const body = str(map.get("body"));
    if (!id || !annotationId || body === null) continue;
    const reply: AnnotationReply = {
      id,
      annotationId,
      body,
      authorId: str(map.get("authorId")) ?? "",
      authorName: str(map.get("authorName")) ?? "",
      createdAt: str(map.get("createdAt")) ?? "",
    };
    byAnnotation.set(annotationId, [...(byAnnotation.get(annotationId) ?? []), reply]);
  }
  for (const list of byAnnotation.values()) list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return byAnnotation;
}

export function addReply(
  doc: Y.Doc,
  author: { id: string; name: string },
  annotationId: string,
  body: string,
  id: string = crypto.randomUUID(),
): string {
  const map = new Y.Map<unknown>();
  const fields: Record<string, unknown> = {
    id,
    annotationId,
    authorId: author.id,
    authorName: author.name,
    createdAt: new Date().toISOString(),
    body,
  };
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  repliesOf(doc).push([map]);
  return id;
}

export function deleteReply(doc: Y.Doc, id: string): boolean {
  const array = repliesOf(doc);
  const index = array.toArray().findIndex((m) => m instanceof Y.Map && m.get("id") === id);
  if (index < 0) return false;
  array.delete(index, 1);
  return true;
}
