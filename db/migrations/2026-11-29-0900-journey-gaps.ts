import { sql, type Kysely } from "kysely";

// Frozen. Remaining gaps of the OF and funder journeys:
// - referentiel_versions.is_open: the one published version new dossiers are filed under (chosen by
//   the coordination; at most one at a time, enforced by a partial unique index);
// - indicator_answers.changed_at_last_submission: the indicators the OF changed before its last
//   resubmission (the current examination round), kept for the funders' examination page;
// - alerts closing (who, when, closing note);
// - organisations.deactivated_at: a funder revoked by the coordination;
// - coordination_log: the coordination's platform-wide actions (open référentiel, funder revocation).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("referentiel_versions")
    .addColumn("is_open", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create unique index referentiel_versions_one_open on referentiel_versions ((true)) where is_open`.execute(db);

  await db.schema
    .alterTable("indicator_answers")
    .addColumn("changed_at_last_submission", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .alterTable("alerts")
    .addColumn("closed_at", "timestamptz")
    .addColumn("closed_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("closing_note", "text")
    .execute();

  await db.schema.alterTable("organisations").addColumn("deactivated_at", "timestamptz").execute();

  await db.schema
    .createTable("coordination_log")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_id", "uuid")
    .addColumn("payload", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("coordination_log_action").on("coordination_log").columns(["action", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("coordination_log").execute();
  await db.schema.alterTable("organisations").dropColumn("deactivated_at").execute();
  await db.schema.alterTable("alerts").dropColumn("closing_note").dropColumn("closed_by").dropColumn("closed_at").execute();
  await db.schema.alterTable("indicator_answers").dropColumn("changed_at_last_submission").execute();
  await sql`drop index if exists referentiel_versions_one_open`.execute(db);
  await db.schema.alterTable("referentiel_versions").dropColumn("is_open").execute();
}
