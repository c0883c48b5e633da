import { sql, type Kysely } from "kysely";

// Frozen. A webhook delivery names the domain event it announces (decision 030): a dispatcher that
// dies after queueing the deliveries but before marking the event dispatched queues them again on
// re-dispatch, and the unique key (event, webhook) turns that second insert into nothing
// (ON CONFLICT DO NOTHING). Deliveries queued before this migration, or without an event, keep null
// (nulls never collide).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("webhook_deliveries")
    .addColumn("domain_event_id", "uuid", (c) => c.references("domain_events.id").onDelete("set null"))
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_event_webhook")
    .on("webhook_deliveries")
    .columns(["domain_event_id", "webhook_id"])
    .unique()
    .execute();
  await sql`comment on column webhook_deliveries.domain_event_id is 'The domain event announced: one delivery per (event, webhook)'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("webhook_deliveries_event_webhook").execute();
  await db.schema.alterTable("webhook_deliveries").dropColumn("domain_event_id").execute();
}
