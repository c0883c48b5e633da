import { sql, type Kysely } from "kysely";

// Frozen. How the indicators of one référentiel version carry over to another's (issue 14.7): an OF
// datadocké under the 2017 référentiel starts its Qualiopi dossier prefilled. Kept as data, seeded from
// db/seed/referentiels/mapping-datadock-2017-to-qualiopi-rnq.json, edited by the coordination.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("indicator_mappings")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("from_indicator_id", "uuid", (c) => c.notNull().references("indicators.id").onDelete("cascade"))
    .addColumn("to_indicator_id", "uuid", (c) => c.notNull().references("indicators.id").onDelete("cascade"))
    .addColumn("carry_description", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("carry_evidence", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("indicator_mappings_pair", ["from_indicator_id", "to_indicator_id"])
    .execute();
  await db.schema.createIndex("indicator_mappings_to").on("indicator_mappings").column("to_indicator_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("indicator_mappings").execute();
}
