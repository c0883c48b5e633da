import { sql, type Kysely } from "kysely";

// Frozen. The OF journey: profile change log (shown to funders after datadocké), self-diagnosis,
// circuit-court certificates (CNEFOP list) and corrective actions answering funders' reasons.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisation_changes")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("changed_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("field", "text", (c) => c.notNull())
    .addColumn("old_value", "text")
    .addColumn("new_value", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("organisation_changes_org").on("organisation_changes").columns(["organisation_id", "created_at"]).execute();

  await db.schema
    .createTable("self_assessments")
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("indicator_id", "uuid", (c) => c.notNull().references("indicators.id"))
    .addColumn("level", "text", (c) => c.notNull().check(sql`level in ('oui', 'en_partie', 'non')`))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("self_assessments_pk", ["dossier_id", "indicator_id"])
    .execute();

  await db.schema
    .createTable("circuit_court_certificates")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("label_id", "uuid", (c) => c.notNull().references("cnefop_labels.id"))
    .addColumn("file_id", "uuid", (c) => c.notNull().references("files.id"))
    .addColumn("valid_from", "date", (c) => c.notNull())
    .addColumn("valid_to", "date", (c) => c.notNull())
    .addColumn("declared_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("withdrawn_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("circuit_court_certificates_dates", sql`valid_to >= valid_from`)
    .execute();
  await db.schema.createIndex("circuit_court_certificates_org").on("circuit_court_certificates").column("organisation_id").execute();

  await db.schema
    .createTable("corrective_actions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("indicator_id", "uuid", (c) => c.notNull().references("indicators.id"))
    .addColumn("what", "text", (c) => c.notNull())
    .addColumn("who", "text", (c) => c.notNull())
    .addColumn("due_on", "date", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("a_faire")
        .check(sql`status in ('a_faire', 'en_cours', 'fait')`),
    )
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("corrective_actions_dossier").on("corrective_actions").columns(["dossier_id", "indicator_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["corrective_actions", "circuit_court_certificates", "self_assessments", "organisation_changes"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
