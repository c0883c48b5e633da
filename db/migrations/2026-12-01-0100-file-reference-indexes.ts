import type { Kysely } from "kysely";

// Frozen. Who may read a file depends on where it is attached (decision 021): each download looks the
// file up in evidence, thread messages and circuit-court certificates, by file id.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("evidence_file_id_idx").on("evidence").column("file_id").where("file_id", "is not", null).execute();
  await db.schema.createIndex("messages_file_id_idx").on("messages").column("file_id").where("file_id", "is not", null).execute();
  await db.schema.createIndex("circuit_court_certificates_file_id_idx").on("circuit_court_certificates").column("file_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("circuit_court_certificates_file_id_idx").execute();
  await db.schema.dropIndex("messages_file_id_idx").execute();
  await db.schema.dropIndex("evidence_file_id_idx").execute();
}
