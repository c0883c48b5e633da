import type { Executor } from "../../db/executor";

/**
 * Daily jobs safe with several instances (decision record 037): an instance runs a job for a day
 * only if it inserted that day's row (primary key job + day); the others find it taken. A run that
 * crashed leaves its row without finished_at, and the next day's run catches up (the jobs are
 * written to be idempotent and to cover what earlier days missed).
 */
export async function claimJobRun(db: Executor, job: string, day: string): Promise<boolean> {
  const row = await db
    .insertInto("scheduled_job_runs")
    .values({ job, run_on: day })
    .onConflict((oc) => oc.columns(["job", "run_on"]).doNothing())
    .returning("job")
    .executeTakeFirst();
  return row !== undefined;
}

export async function finishJobRun(db: Executor, job: string, day: string): Promise<void> {
  await db.updateTable("scheduled_job_runs").set({ finished_at: new Date() }).where("job", "=", job).where("run_on", "=", day).execute();
}

/** Runs older than `before` (a day key): the rows only guard the day they were claimed for. */
export async function purgeJobRuns(db: Executor, before: string): Promise<number> {
  const rows = await db.deleteFrom("scheduled_job_runs").where("run_on", "<", before).returning("job").execute();
  return rows.length;
}
