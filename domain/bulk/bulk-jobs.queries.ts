import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { BulkAction, BulkItemOutcome, BulkJobStatus, BulkTarget } from "../../db/schema";

/**
 * The bulk jobs' rows (decision record 043). No authorization here: bulk-jobs.service.ts checks who
 * asks and runs, row by row.
 */

/** A job as its runner sees it once claimed. */
export interface ClaimedBulkJob {
  id: string;
  action: BulkAction;
  target: BulkTarget;
  params: Record<string, unknown>;
  requestedBy: string;
  total: number;
}

/** Rows inserted per statement when a job is created (PostgreSQL's 65,535 parameters: 3 per row). */
const INSERT_CHUNK = 5_000;

export async function insertBulkJob(
  db: Executor,
  job: { action: BulkAction; target: BulkTarget; params: Record<string, unknown>; requestedBy: string; targetIds: readonly string[] },
): Promise<string> {
  const { id } = await db
    .insertInto("bulk_jobs")
    .values({
      action: job.action,
      target: job.target,
      params: JSON.stringify(job.params),
      requested_by: job.requestedBy,
      total: job.targetIds.length,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (let start = 0; start < job.targetIds.length; start += INSERT_CHUNK) {
    const chunk = job.targetIds.slice(start, start + INSERT_CHUNK);
    await db
      .insertInto("bulk_job_items")
      .values(chunk.map((targetId, index) => ({ job_id: id, position: start + index, target_id: targetId })))
      .execute();
  }
  return id;
}

type ClaimRow = { id: string; action: BulkAction; target: BulkTarget; params: unknown; requested_by: string; total: number };

/**
 * Claims the oldest job nobody runs: queued, or running under a lease older than `leaseMs` (its
 * instance died). The row is locked while it is claimed and rows another instance is claiming are
 * skipped (FOR UPDATE SKIP LOCKED): two instances never claim the same job.
 */
export async function claimBulkJob(db: Executor, instanceId: string, leaseMs: number): Promise<ClaimedBulkJob | undefined> {
  const leaseSeconds = leaseMs / 1000;
  const { rows } = await sql<ClaimRow>`
    update bulk_jobs set status = 'running', claimed_by = ${instanceId}, claimed_at = now(), started_at = coalesce(started_at, now())
    where id in (
      select id from bulk_jobs
      where status = 'queued' or (status = 'running' and claimed_at < now() - make_interval(secs => ${leaseSeconds}))
      order by created_at
      limit 1
      for update skip locked
    )
    returning id, action, target, params, requested_by, total`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const params =
    typeof row.params === "string" ? (JSON.parse(row.params) as Record<string, unknown>) : (row.params as Record<string, unknown>);
  return { id: row.id, action: row.action, target: row.target, params, requestedBy: row.requested_by, total: row.total };
}

/** Renews the lease of a job this instance runs; false when it no longer holds it (taken over after a stall). */
export async function renewBulkJobClaim(db: Executor, jobId: string, instanceId: string): Promise<boolean> {
  const row = await db
    .updateTable("bulk_jobs")
    .set({ claimed_at: sql`now()` })
    .where("id", "=", jobId)
    .where("claimed_by", "=", instanceId)
    .where("status", "=", "running")
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** The next items without an outcome after position `after`, in order. */
export function listPendingBulkItems(db: Executor, jobId: string, after: number, limit: number) {
  return db
    .selectFrom("bulk_job_items")
    .select(["position", "target_id as targetId"])
    .where("job_id", "=", jobId)
    .where("outcome", "is", null)
    .where("position", ">", after)
    .orderBy("position")
    .limit(limit)
    .execute();
}

/** Locks one item still without an outcome (undefined: done already, or being done by another transaction). */
export async function lockPendingBulkItem(db: Executor, jobId: string, position: number): Promise<boolean> {
  const row = await db
    .selectFrom("bulk_job_items")
    .select("position")
    .where("job_id", "=", jobId)
    .where("position", "=", position)
    .where("outcome", "is", null)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row !== undefined;
}

/** Records a locked item's outcome and counts it on its job, in the caller's transaction. */
export async function recordBulkItemOutcome(
  db: Executor,
  jobId: string,
  position: number,
  outcome: BulkItemOutcome,
  reason: string | null,
): Promise<void> {
  await db.updateTable("bulk_job_items").set({ outcome, reason }).where("job_id", "=", jobId).where("position", "=", position).execute();
  const counted = db.updateTable("bulk_jobs").where("id", "=", jobId);
  if (outcome === "done") await counted.set((eb) => ({ done_count: eb("done_count", "+", 1) })).execute();
  else await counted.set((eb) => ({ skipped_count: eb("skipped_count", "+", 1) })).execute();
}

/** Marks the job done once no item waits; false when this instance no longer holds it or items remain. */
export async function finishBulkJob(db: Executor, jobId: string, instanceId: string): Promise<boolean> {
  const row = await db
    .updateTable("bulk_jobs")
    .set({ status: "done", finished_at: sql`now()` })
    .where("id", "=", jobId)
    .where("claimed_by", "=", instanceId)
    .where("status", "=", "running")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("bulk_job_items")
            .select("position")
            .whereRef("bulk_job_items.job_id", "=", "bulk_jobs.id")
            .where("bulk_job_items.outcome", "is", null),
        ),
      ),
    )
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

export interface BulkJobRow {
  id: string;
  action: BulkAction;
  target: BulkTarget;
  status: BulkJobStatus;
  requestedBy: string;
  total: number;
  done: number;
  skipped: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export function findBulkJob(db: Executor, jobId: string): Promise<BulkJobRow | undefined> {
  return db
    .selectFrom("bulk_jobs")
    .select([
      "id",
      "action",
      "target",
      "status",
      "requested_by as requestedBy",
      "total",
      "done_count as done",
      "skipped_count as skipped",
      "created_at as createdAt",
      "finished_at as finishedAt",
    ])
    .where("id", "=", jobId)
    .executeTakeFirst();
}

/** How many items were skipped for each reason, most frequent first. */
export async function countSkippedByReason(db: Executor, jobId: string): Promise<{ reason: string; count: number }[]> {
  const rows = await db
    .selectFrom("bulk_job_items")
    .select(["reason", (eb) => eb.fn.countAll<string>().as("n")])
    .where("job_id", "=", jobId)
    .where("outcome", "=", "skipped")
    .groupBy("reason")
    .orderBy("n", "desc")
    .orderBy("reason")
    .execute();
  return rows.map((r) => ({ reason: r.reason ?? "error", count: Number(r.n) }));
}

/** The OF's latest dossier (whatever its status), or undefined: what a directory row's assign or take acts on. */
export async function findLatestDossierId(db: Executor, organisationId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("dossiers")
    .select("id")
    .where("organisation_id", "=", organisationId)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
