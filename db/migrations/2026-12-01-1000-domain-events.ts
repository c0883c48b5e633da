import { sql, type Kysely } from "kysely";

// Frozen. The domain-event outbox (decision 030): services insert a row in the transaction of
// their change; after the commit one dispatcher per instance claims it (claimed_by/claimed_at),
// fans it out (live rooms, activity feed, notifications) and marks it dispatched. A claim older
// than the lease is taken over by another instance.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("domain_events")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("seq", "bigserial", (c) => c.notNull().unique())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("claimed_by", "text")
    .addColumn("claimed_at", "timestamptz")
    .addColumn("dispatched_at", "timestamptz")
    .execute();
  await sql`create index domain_events_pending on domain_events (seq) where dispatched_at is null`.execute(db);
  await sql`comment on table domain_events is 'Outbox: domain events recorded with the change that caused them, dispatched after commit (decision 030)'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("domain_events").execute();
}
