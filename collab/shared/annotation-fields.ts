/**
 * The evidence annotations document's layout, shared by the editor (app/components/collab-docs/
 * annotations-model.ts) and the server's check of who changed what (collab/yjs/annotation-guard.ts):
 * two Y.Arrays of Y.Maps — the annotations, and the replies to them (each reply names its annotation
 * by id) — every entry carrying its author's user id. Replies live beside the annotations, not inside
 * them, so replying never changes an entry someone else wrote.
 */
export const ANNOTATIONS_FIELD = "annotations";
export const REPLIES_FIELD = "replies";
export const ANNOTATION_AUTHOR_KEY = "authorId";
/** The arrays whose entries only their author (or the examiner) may change. */
export const AUTHORED_FIELDS = [ANNOTATIONS_FIELD, REPLIES_FIELD] as const;
