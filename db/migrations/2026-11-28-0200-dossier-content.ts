import { sql, type Kysely } from "kysely";

// Frozen. What an OF answers per indicator, its evidence files, the funders' per-indicator
// decisions (current row + append-only history), and the threads between OF and funders.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("files")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("store", "text", (c) => c.notNull().check(sql`store in ('disk', 'postgres')`))
    .addColumn("storage_key", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "bigint", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("files_org").on("files").column("organisation_id").execute();

  await db.schema
    .createTable("file_chunks")
    .addColumn("file_id", "uuid", (c) => c.notNull().references("files.id").onDelete("cascade"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("data", "bytea", (c) => c.notNull())
    .addPrimaryKeyConstraint("file_chunks_pk", ["file_id", "seq"])
    .execute();

  await db.schema
    .createTable("indicator_answers")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("indicator_id", "uuid", (c) => c.notNull().references("indicators.id"))
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("not_applicable", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("not_applicable_reason", "text")
    // Set when the OF changes the answer after submission; cleared when it goes back to examination.
    .addColumn("changed_since_submission", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("indicator_answers_dossier_indicator", ["dossier_id", "indicator_id"])
    .execute();

  await db.schema
    .createTable("evidence")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("answer_id", "uuid", (c) => c.notNull().references("indicator_answers.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('file', 'link')`))
    .addColumn("file_id", "uuid", (c) => c.references("files.id"))
    .addColumn("url", "text")
    .addColumn("label", "text", (c) => c.notNull().defaultTo(""))
    // History: a replaced or removed item stays, pointing at its successor.
    .addColumn("replaced_by", "uuid", (c) => c.references("evidence.id"))
    .addColumn("removed_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("evidence_kind_payload", sql`(kind = 'file' and file_id is not null) or (kind = 'link' and url is not null)`)
    .execute();
  await db.schema.createIndex("evidence_answer").on("evidence").column("answer_id").execute();

  await db.schema
    .createTable("indicator_reviews")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("indicator_id", "uuid", (c) => c.notNull().references("indicators.id"))
    .addColumn("decision", "text", (c) => c.notNull().check(sql`decision in ('valide', 'a_completer', 'non_conforme')`))
    .addColumn("reason", "text")
    .addColumn("decided_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // The answer version the decision was taken on: a newer answer makes a validation stale.
    .addColumn("answer_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("stale", "boolean", (c) => c.notNull().defaultTo(false))
    // Optimistic concurrency: writers send the version they saw.
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint("indicator_reviews_dossier_indicator", ["dossier_id", "indicator_id"])
    .addCheckConstraint("indicator_reviews_reason", sql`decision = 'valide' or (reason is not null and length(reason) > 0)`)
    .execute();

  await db.schema
    .createTable("indicator_review_history")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("indicator_id", "uuid", (c) => c.notNull().references("indicators.id"))
    .addColumn("decision", "text", (c) => c.notNull())
    .addColumn("previous_decision", "text")
    .addColumn("reason", "text")
    .addColumn("decided_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_by_organisation_id", "uuid", (c) => c.references("organisations.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("indicator_review_history_dossier")
    .on("indicator_review_history")
    .columns(["dossier_id", "created_at"])
    .execute();

  await db.schema
    .createTable("threads")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("indicator_id", "uuid", (c) => c.references("indicators.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("threads_dossier_indicator", ["dossier_id", "indicator_id"])
    .execute();

  await db.schema
    .createTable("messages")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("thread_id", "uuid", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("author_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("author_organisation_id", "uuid", (c) => c.references("organisations.id").onDelete("set null"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("file_id", "uuid", (c) => c.references("files.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("messages_thread").on("messages").columns(["thread_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "messages",
    "threads",
    "indicator_review_history",
    "indicator_reviews",
    "evidence",
    "indicator_answers",
    "file_chunks",
    "files",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
