import { sql, type Kysely } from "kysely";

// Frozen. Who may decide (decision record 022): the co-examiners an examiner adds to a dossier,
// and the record of every de-listing (dé-référencement): who, for which funder, when, and why.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("dossier_co_examiners")
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("added_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("added_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("dossier_co_examiners_pk", ["dossier_id", "user_id"])
    .execute();
  await sql`comment on table dossier_co_examiners is 'Funder members the examiner added: they decide and close with the examiner'`.execute(
    db,
  );

  await db.schema
    .createTable("de_listings")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("decided_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_by_organisation_id", "uuid", (c) => c.references("organisations.id").onDelete("set null"))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`length(btrim(reason)) > 0`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("de_listings_organisation_idx").on("de_listings").columns(["organisation_id", "created_at"]).execute();
  await sql`comment on table de_listings is 'Every de-listing (dé-référencement): the funder admin, their funder, when and the written reason'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("de_listings").execute();
  await db.schema.dropTable("dossier_co_examiners").execute();
}
