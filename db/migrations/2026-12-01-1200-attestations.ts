import { sql, type Kysely } from "kysely";

// Frozen. The attestations a datadocké OF downloads (issue 14.5): a public verification code per
// attestation, the dossier it attests, when it was issued and, once the dossier is no longer
// datadocké (closed non conforme, sent back or de-listed after a control), when it was revoked.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("attestations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("code", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`code ~ '^[0-9A-Z]{16}$'`),
    )
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("datadocke_at", "timestamptz", (c) => c.notNull())
    .addColumn("issued_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("issued_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema.createIndex("attestations_dossier_idx").on("attestations").columns(["dossier_id", "issued_at"]).execute();
  await sql`comment on table attestations is 'Attestations of datadockage: the public code printed with its QR code, valid until revoked'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("attestations").execute();
}
