import { sql, type Kysely } from "kysely";

// Frozen. The OF's way back and what examiners check (issue 14.2–14.4, decision record 037):
// - examination rounds: a dossier closed non conforme or de-listed is reopened for a new round;
//   dossiers.round counts them and dossier_rounds records when and by whom each one opened (the
//   previous round's decisions are the history rows written before it);
// - corrective actions an examiner accepts ('accepte', by whom, when);
// - the examiner's check of a circuit-court certificate (pending, validated, refused with a reason)
//   and the days the OF and the funders were told of its expiry;
// - scheduled_job_runs: one row per job and day, claimed once whatever the number of instances.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("dossiers")
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable("dossier_rounds")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("from_status", "text", (c) => c.notNull())
    .addColumn("opened_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("opened_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("dossier_rounds_dossier_round", ["dossier_id", "round"])
    .execute();

  await sql`alter table corrective_actions drop constraint if exists corrective_actions_status_check`.execute(db);
  await sql`alter table corrective_actions add constraint corrective_actions_status_check check (status in ('a_faire', 'en_cours', 'fait', 'accepte'))`.execute(
    db,
  );
  await db.schema
    .alterTable("corrective_actions")
    .addColumn("accepted_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.alterTable("corrective_actions").addColumn("accepted_at", "timestamptz").execute();

  await db.schema
    .alterTable("circuit_court_certificates")
    .addColumn("review_status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`review_status in ('pending', 'validated', 'refused')`),
    )
    .execute();
  await db.schema
    .alterTable("circuit_court_certificates")
    .addColumn("reviewed_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.alterTable("circuit_court_certificates").addColumn("reviewed_at", "timestamptz").execute();
  await db.schema.alterTable("circuit_court_certificates").addColumn("review_reason", "text").execute();
  await db.schema.alterTable("circuit_court_certificates").addColumn("expiry_warned_at", "timestamptz").execute();
  await db.schema.alterTable("circuit_court_certificates").addColumn("expired_notified_at", "timestamptz").execute();

  await db.schema
    .createTable("scheduled_job_runs")
    .addColumn("job", "text", (c) => c.notNull())
    .addColumn("run_on", "date", (c) => c.notNull())
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .addPrimaryKeyConstraint("scheduled_job_runs_pk", ["job", "run_on"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("scheduled_job_runs").ifExists().execute();
  for (const column of ["expired_notified_at", "expiry_warned_at", "review_reason", "reviewed_at", "reviewed_by", "review_status"]) {
    await db.schema.alterTable("circuit_court_certificates").dropColumn(column).execute();
  }
  await db.schema.alterTable("corrective_actions").dropColumn("accepted_at").execute();
  await db.schema.alterTable("corrective_actions").dropColumn("accepted_by").execute();
  await sql`update corrective_actions set status = 'fait' where status = 'accepte'`.execute(db);
  await sql`alter table corrective_actions drop constraint if exists corrective_actions_status_check`.execute(db);
  await sql`alter table corrective_actions add constraint corrective_actions_status_check check (status in ('a_faire', 'en_cours', 'fait'))`.execute(
    db,
  );
  await db.schema.dropTable("dossier_rounds").ifExists().execute();
  await db.schema.alterTable("dossiers").dropColumn("round").execute();
}
