import { sql, type Kysely } from "kysely";

// Frozen. Delays kept (issue 15.2, decision record 045):
// - delay_rules: how long each stage may take (days, working or calendar), one row per stage, edited
//   by the coordination; seeded with the defaults (take 5 working days, first decision 20 working
//   days, answer to the reasons 10 working days);
// - dossier_deadlines: one row per stage of a dossier's examination, with its due day, when it ended
//   and whether late, who ended it (the examiner), and the days the examiner was reminded of it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("delay_rules")
    .addColumn("stage", "text", (c) => c.primaryKey().check(sql`stage in ('take', 'decision', 'answer')`))
    .addColumn("days", "integer", (c) => c.notNull().check(sql`days between 1 and 365`))
    .addColumn("working_days", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db
    .insertInto("delay_rules")
    .values([
      { stage: "take", days: 5, working_days: true },
      { stage: "decision", days: 20, working_days: true },
      { stage: "answer", days: 10, working_days: true },
    ])
    .execute();

  await db.schema
    .createTable("dossier_deadlines")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("stage", "text", (c) => c.notNull().check(sql`stage in ('take', 'decision', 'answer')`))
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("due_on", "date", (c) => c.notNull())
    .addColumn("ended_at", "timestamptz")
    .addColumn("ended_late", "boolean")
    .addColumn("examiner_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reminded_at", "timestamptz")
    .addColumn("late_notified_at", "timestamptz")
    .execute();
  // One open row per stage of a dossier; the queue, the reminders and the late list read open rows by due day.
  await sql`create unique index dossier_deadlines_open on dossier_deadlines (dossier_id, stage) where ended_at is null`.execute(db);
  await sql`create index dossier_deadlines_open_due on dossier_deadlines (due_on) where ended_at is null`.execute(db);
  await sql`create index dossier_deadlines_ended on dossier_deadlines (ended_at) where ended_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("dossier_deadlines").execute();
  await db.schema.dropTable("delay_rules").execute();
}
