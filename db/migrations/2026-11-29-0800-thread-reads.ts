import { sql, type Kysely } from "kysely";

// Frozen. Live corrective-action threads:
// - thread_reads: per user and thread, the last message read (unread counts, "lu par …");
// - thread_state_changes: who resolved or reopened a thread, and when (its latest row is the thread's state).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("thread_reads")
    .addColumn("thread_id", "uuid", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("last_read_message_id", "uuid", (c) => c.notNull().references("messages.id").onDelete("cascade"))
    .addColumn("last_read_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("thread_reads_pk", ["thread_id", "user_id"])
    .execute();

  await db.schema
    .createTable("thread_state_changes")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("thread_id", "uuid", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('resolved', 'reopened')`))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("actor_name", "text", (c) => c.notNull())
    .addColumn("actor_side", "text", (c) => c.notNull().check(sql`actor_side in ('of', 'funder')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("thread_state_changes_thread").on("thread_state_changes").columns(["thread_id", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("thread_state_changes").ifExists().execute();
  await db.schema.dropTable("thread_reads").ifExists().execute();
}
