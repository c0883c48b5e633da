import { sql, type Kysely } from "kysely";

// Frozen. Bulk actions of the funders' queue and directory (issue 15.3, decision record 043): a job
// per action — assign, take, label — over the rows selected (or every row matching a filter, resolved
// when the job is asked for), one item per row. An instance claims a queued job with FOR UPDATE SKIP
// LOCKED and holds it by a lease it renews after every batch; each item gets its outcome (done, or
// skipped with a reason) in the transaction of its change, so a job taken over after a crash never
// redoes a row.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("bulk_jobs")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("action", "text", (c) => c.notNull().check(sql`action in ('assign', 'take', 'label')`))
    .addColumn("target", "text", (c) => c.notNull().check(sql`target in ('dossier', 'organisation')`))
    .addColumn("params", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("requested_by", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("queued")
        .check(sql`status in ('queued', 'running', 'done')`),
    )
    .addColumn("total", "integer", (c) => c.notNull())
    .addColumn("done_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("skipped_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("claimed_by", "text")
    .addColumn("claimed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .execute();
  await sql`create index bulk_jobs_unfinished on bulk_jobs (created_at) where status <> 'done'`.execute(db);
  await db.schema.createIndex("bulk_jobs_requested_by").on("bulk_jobs").column("requested_by").execute();

  await db.schema
    .createTable("bulk_job_items")
    .addColumn("job_id", "uuid", (c) => c.notNull().references("bulk_jobs.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("target_id", "uuid", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.check(sql`outcome in ('done', 'skipped')`))
    .addColumn("reason", "text")
    .addPrimaryKeyConstraint("bulk_job_items_pk", ["job_id", "position"])
    .execute();
  await sql`create index bulk_job_items_pending on bulk_job_items (job_id, position) where outcome is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("bulk_job_items").execute();
  await db.schema.dropTable("bulk_jobs").execute();
}
