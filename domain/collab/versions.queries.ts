import type { Executor } from "../../db/executor";
import type { CollabDocumentKind } from "../../db/schema";

/** A collaborative document, named by its subject. */
export interface CollabDocumentRef {
  kind: CollabDocumentKind;
  id: string;
}

export interface CollabVersionRow {
  id: string;
  name: string;
  createdAt: Date;
  authorId: string | null;
  authorName: string | null;
}

export async function insertCollabVersion(
  db: Executor,
  version: { document: CollabDocumentRef; name: string; state: Uint8Array; createdBy: string | null },
): Promise<CollabVersionRow> {
  const row = await db
    .insertInto("collab_versions")
    .values({
      document_kind: version.document.kind,
      document_id: version.document.id,
      name: version.name,
      state: Buffer.from(version.state),
      created_by: version.createdBy,
    })
    .returning(["id", "name", "created_at", "created_by"])
    .executeTakeFirstOrThrow();
  const author = row.created_by
    ? await db.selectFrom("users").select(["full_name", "email"]).where("id", "=", row.created_by).executeTakeFirst()
    : undefined;
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    authorId: row.created_by,
    authorName: author ? author.full_name || author.email : null,
  };
}

/** A document's versions, newest first, with their authors. */
export async function listCollabVersions(db: Executor, document: CollabDocumentRef, limit = 100): Promise<CollabVersionRow[]> {
  const rows = await db
    .selectFrom("collab_versions as v")
    .leftJoin("users as u", "u.id", "v.created_by")
    .select(["v.id", "v.name", "v.created_at", "v.created_by", "u.full_name", "u.email"])
    .where("v.document_kind", "=", document.kind)
    .where("v.document_id", "=", document.id)
    .orderBy("v.created_at", "desc")
    .orderBy("v.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    authorId: r.created_by,
    authorName: r.full_name || r.email || null,
  }));
}

/** One version's state, scoped to its document (a version of another document is not found). */
export async function findCollabVersionState(
  db: Executor,
  document: CollabDocumentRef,
  versionId: string,
): Promise<{ name: string; state: Uint8Array } | null> {
  const row = await db
    .selectFrom("collab_versions")
    .select(["name", "state"])
    .where("id", "=", versionId)
    .where("document_kind", "=", document.kind)
    .where("document_id", "=", document.id)
    .executeTakeFirst();
  return row ?? null;
}
