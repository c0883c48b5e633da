import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Named versions of collaborative documents: a reviewer saves the whole Yjs state under a name;
 * restoring one applies its content to the live document as a new change (nothing is deleted here).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("collab_versions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // The document, as its subject: kind (dossier, evidence, organisation) and that subject's id.
    .addColumn("document_kind", "text", (c) => c.notNull().check(sql`document_kind in ('dossier', 'evidence', 'organisation')`))
    .addColumn("document_id", "uuid", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull().check(sql`char_length(name) between 1 and 120`))
    .addColumn("state", "bytea", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("collab_versions_document")
    .on("collab_versions")
    .columns(["document_kind", "document_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("collab_versions").ifExists().execute();
}
