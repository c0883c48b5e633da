import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Collaborative documents (Yjs): every update is appended to collab_updates as it happens, and
 * compaction folds them into one snapshot per document in collab_documents.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("collab_documents")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("state", "bytea", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("collab_updates")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("document_name", "text", (c) => c.notNull())
    .addColumn("update", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("collab_updates_document").on("collab_updates").columns(["document_name", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("collab_updates").ifExists().execute();
  await db.schema.dropTable("collab_documents").ifExists().execute();
}
