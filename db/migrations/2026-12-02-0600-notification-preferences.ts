import { sql, type Kysely } from "kysely";

// Frozen. Notification preferences and digests (issue 15.8, decision 047): per user and kind, a channel
// (in_app, immediate, digest) when it differs from the default; a notification of a kind set to
// "digest" is marked pending until the daily digest job mails it and marks it sent.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notification_preferences")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('in_app', 'immediate', 'digest')`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("notification_preferences_pk", ["user_id", "kind"])
    .execute();
  await db.schema
    .alterTable("notifications")
    .addColumn("digest", "text", (c) => c.check(sql`digest in ('pending', 'sent')`))
    .execute();
  await sql`create index notifications_digest_pending on notifications (user_id) where digest = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index notifications_digest_pending`.execute(db);
  await db.schema.alterTable("notifications").dropColumn("digest").execute();
  await db.schema.dropTable("notification_preferences").execute();
}
