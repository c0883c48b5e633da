import { sql, type Kysely } from "kysely";

// Frozen. Updates of a datadocké dossier (issue 14.1, decision record 038): the OF's change of one
// indicator is a pending revision kept beside the accepted answer (its description, "non concerné"
// and reason, and the evidence it adds, replaces or removes), until an examiner validates it (it
// becomes the accepted answer) or sends it back with a reason (the accepted answer stays). Every
// revision is kept, with the accepted answer it started from, as the indicator's history.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("answer_revisions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("indicator_id", "uuid", (c) => c.notNull().references("indicators.id").onDelete("cascade"))
    .addColumn("answer_id", "uuid", (c) => c.notNull().references("indicator_answers.id").onDelete("cascade"))
    .addColumn("base_answer_version", "integer", (c) => c.notNull())
    .addColumn("before_description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("before_not_applicable", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("before_not_applicable_reason", "text")
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("not_applicable", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("not_applicable_reason", "text")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending', 'validated', 'sent_back')`),
    )
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("decided_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decision_reason", "text")
    .execute();
  await sql`create unique index answer_revisions_one_pending on answer_revisions (dossier_id, indicator_id) where status = 'pending'`.execute(
    db,
  );
  await db.schema
    .createIndex("answer_revisions_dossier_idx")
    .on("answer_revisions")
    .columns(["dossier_id", "indicator_id", "created_at"])
    .execute();

  await db.schema
    .createTable("revision_evidence")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("revision_id", "uuid", (c) => c.notNull().references("answer_revisions.id").onDelete("cascade"))
    .addColumn("change", "text", (c) => c.notNull().check(sql`change in ('added', 'replaced', 'removed')`))
    .addColumn("evidence_id", "uuid", (c) => c.references("evidence.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.check(sql`kind in ('file', 'link')`))
    .addColumn("file_id", "uuid", (c) => c.references("files.id").onDelete("restrict"))
    .addColumn("url", "text")
    .addColumn("label", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("applied_evidence_id", "uuid", (c) => c.references("evidence.id").onDelete("set null"))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "revision_evidence_shape",
      sql`(change = 'removed') = (kind is null) and (change = 'added') = (evidence_id is null)`,
    )
    .execute();
  await db.schema.createIndex("revision_evidence_revision_idx").on("revision_evidence").column("revision_id").execute();
  await db.schema.createIndex("revision_evidence_file_idx").on("revision_evidence").column("file_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("revision_evidence").ifExists().execute();
  await db.schema.dropTable("answer_revisions").ifExists().execute();
}
