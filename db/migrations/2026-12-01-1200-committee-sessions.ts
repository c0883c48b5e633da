import { sql, type Kysely } from "kysely";

// Frozen. Committee mode of the review room (decision record 035): a committee session per dossier
// (its chair, when it started and ended), who attended, and for each decision saved in committee the
// chair, the members present and each member's mark (agree / disagree).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("committee_sessions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("chair_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("ended_at", "timestamptz")
    .execute();
  // One open committee per dossier at a time.
  await sql`create unique index committee_sessions_one_open on committee_sessions (dossier_id) where ended_at is null`.execute(db);
  await sql`comment on table committee_sessions is 'A review room opened as a committee: its chair, start and end'`.execute(db);

  await db.schema
    .createTable("committee_attendance")
    .addColumn("session_id", "uuid", (c) => c.notNull().references("committee_sessions.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("joined_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("left_at", "timestamptz")
    .addPrimaryKeyConstraint("committee_attendance_pk", ["session_id", "user_id"])
    .execute();

  await db.schema
    .createTable("committee_decisions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("session_id", "uuid", (c) => c.notNull().references("committee_sessions.id").onDelete("cascade"))
    .addColumn("history_id", "bigint", (c) => c.notNull().unique().references("indicator_review_history.id").onDelete("cascade"))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("indicator_id", "uuid", (c) => c.notNull().references("indicators.id").onDelete("cascade"))
    .addColumn("decision", "text", (c) => c.notNull())
    .addColumn("chair_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("committee_decisions_session_idx").on("committee_decisions").columns(["session_id", "created_at"]).execute();

  await db.schema
    .createTable("committee_decision_members")
    .addColumn("committee_decision_id", "uuid", (c) => c.notNull().references("committee_decisions.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("mark", "text", (c) => c.check(sql`mark in ('agree', 'disagree')`))
    .addPrimaryKeyConstraint("committee_decision_members_pk", ["committee_decision_id", "user_id"])
    .execute();
  await sql`comment on table committee_decision_members is 'Members present when a committee decision was saved, with their mark (null: no mark)'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["committee_decision_members", "committee_decisions", "committee_attendance", "committee_sessions"]) {
    await db.schema.dropTable(table).execute();
  }
}
