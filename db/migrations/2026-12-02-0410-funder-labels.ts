import { sql, type Kysely } from "kysely";

// Frozen. A funder's own labels (issue 15.4) on dossiers and OFs: each label belongs to one funder and
// is seen and used by its staff only (policy canUseFunderLabels); the coordination and the OFs never see them.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("funder_labels")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("funder_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index funder_labels_funder_name on funder_labels (funder_id, lower(name))`.execute(db);
  for (const [table, target, references] of [
    ["organisation_labels", "organisation_id", "organisations.id"],
    ["dossier_labels", "dossier_id", "dossiers.id"],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn("label_id", "uuid", (c) => c.notNull().references("funder_labels.id").onDelete("cascade"))
      .addColumn(target, "uuid", (c) => c.notNull().references(references).onDelete("cascade"))
      .addColumn("added_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
      .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint(`${table}_pk`, ["label_id", target])
      .execute();
    await db.schema.createIndex(`${table}_${target}`).on(table).column(target).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("dossier_labels").execute();
  await db.schema.dropTable("organisation_labels").execute();
  await db.schema.dropTable("funder_labels").execute();
}
