import { sql, type Kysely } from "kysely";

// Frozen. The live layer's records:
// - presence_sessions: who was connected where (the portal, a dossier, an organisation's space),
//   from when to when, and on which server instance (open rows of an instance are closed when it
//   stops or restarts);
// - activity_events: the coordinators' activity feed (decisions, status changes, evidence, thread
//   messages, joins and leaves), written after the change it reports was committed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("presence_sessions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("instance_id", "text", (c) => c.notNull())
    .addColumn("place", "text", (c) => c.notNull().check(sql`place in ('portal', 'dossier', 'organisation')`))
    .addColumn("dossier_id", "uuid", (c) => c.references("dossiers.id").onDelete("cascade"))
    .addColumn("organisation_id", "uuid", (c) => c.references("organisations.id").onDelete("cascade"))
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("ended_at", "timestamptz")
    .addColumn("end_reason", "text")
    .execute();
  await sql`create index presence_sessions_open on presence_sessions (instance_id) where ended_at is null`.execute(db);
  await db.schema.createIndex("presence_sessions_user").on("presence_sessions").columns(["user_id", "started_at"]).execute();

  await db.schema
    .createTable("activity_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('decision', 'status', 'evidence', 'message', 'join', 'leave')`))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("actor_name", "text", (c) => c.notNull())
    .addColumn("actor_organisation_id", "uuid", (c) => c.references("organisations.id").onDelete("set null"))
    .addColumn("actor_organisation_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("dossier_id", "uuid", (c) => c.references("dossiers.id").onDelete("cascade"))
    .addColumn("organisation_id", "uuid", (c) => c.references("organisations.id").onDelete("cascade"))
    .addColumn("organisation_name", "text")
    .addColumn("indicator_code", "text")
    .addColumn("detail", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("activity_events_recent").on("activity_events").columns(["created_at", "id"]).execute();
  await db.schema.createIndex("activity_events_dossier").on("activity_events").columns(["dossier_id", "created_at"]).execute();
  await db.schema.createIndex("activity_events_organisation").on("activity_events").columns(["organisation_id", "created_at"]).execute();
  await db.schema
    .createIndex("activity_events_actor_organisation")
    .on("activity_events")
    .columns(["actor_organisation_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("activity_events").execute();
  await db.schema.dropTable("presence_sessions").execute();
}
