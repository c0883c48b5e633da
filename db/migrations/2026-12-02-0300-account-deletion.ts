import type { Kysely } from "kysely";

// Frozen. A member deletes their own account (issue 14.8, decision record 039): the user row stays,
// anonymised ("ancien membre"), so that messages and decisions keep an author; deleted_at says when.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("deleted_at", "timestamptz").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("deleted_at").execute();
}
