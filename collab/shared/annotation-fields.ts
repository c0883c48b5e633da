/**
 * The evidence annotations document's layout, shared by the editor (app/components/collab-docs/
 * annotations-model.ts) and the server's check of who changed what (collab/yjs/annotation-guard.ts):
 * a Y.Array of Y.Maps, one per annotation, each carrying its author's user id.
 */
export const ANNOTATIONS_FIELD = "annotations";
export const ANNOTATION_AUTHOR_KEY = "authorId";
