import type { Kysely } from "kysely";
import type { Database, BulkAction, BulkJobStatus, BulkTarget } from "../../db/schema";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import type { Actor } from "../permissions/actor";
import { canFollowBulkJob, canStartBulkAction } from "../permissions/policy";
import { forbidden, invalid, isDomainError, notFound, type DomainErrorKind } from "../errors";
import { asDomainError } from "../validation/data-exception";
import { findUserById } from "../accounts/users.queries";
import { listUserMemberships } from "../accounts/memberships.queries";
import { listQueueIds, type QueueFilters } from "../examination/queue";
import { searchDirectoryIds, type DirectoryFilters } from "../organisations/directory.queries";
import { labelName } from "../labels/funder-labels.service";
import { BULK_JOB_MAX_ROWS, type BulkActionInput } from "./bulk-actions.schema";
import { applyBulkRow, isRowSkipped } from "./bulk-row-actions";
import {
  claimBulkJob,
  countSkippedByReason,
  findBulkJob,
  finishBulkJob,
  insertBulkJob,
  listPendingBulkItems,
  lockPendingBulkItem,
  recordBulkItemOutcome,
  renewBulkJobClaim,
  type BulkJobRow,
  type ClaimedBulkJob,
} from "./bulk-jobs.queries";

/**
 * Bulk actions of the funders' queue and directory (issue 15.3, decision record 043): a request
 * becomes a job (one item per row); a runner (server/jobs/bulk-job-runner.ts) claims it and runs it
 * here, in batches, each row in its own transaction and checked again by the policy.
 */

/** Why a row was skipped: shown to the person who started the job, counted per reason. */
export type BulkSkipReason = "forbidden" | "not_found" | "status" | "already" | "no_dossier" | "invalid" | "error";
export const BULK_SKIP_REASONS: readonly BulkSkipReason[] = [
  "forbidden",
  "not_found",
  "status",
  "already",
  "no_dossier",
  "invalid",
  "error",
];

/** A job as the page that started it shows it (also the live event's payload). */
export interface BulkJobView {
  id: string;
  action: BulkAction;
  target: BulkTarget;
  status: BulkJobStatus;
  total: number;
  done: number;
  skipped: number;
  /** Once the job is done: the rows skipped, by reason. */
  reasons: { reason: BulkSkipReason; count: number }[];
}

/** Which rows: the ones ticked, or every row matching the page's filter. */
export type BulkRows =
  | { target: "dossier"; scope: "selection" | "all"; ids: readonly string[]; filters: QueueFilters }
  | { target: "organisation"; scope: "selection" | "all"; ids: readonly string[]; filters: DirectoryFilters };

/**
 * Records a bulk job for the actor: refused when the actor may not do the action at all, with no
 * row, or with an examiner or a label name that cannot be; "all" rows are those matching the filter
 * now (at most BULK_JOB_MAX_ROWS). Returns the job's id; a runner picks it up.
 */
export async function startBulkJob(db: Executor, actor: Actor, input: BulkActionInput, rows: BulkRows): Promise<string> {
  if (!canStartBulkAction(actor, input.action)) throw forbidden();
  let params: Record<string, unknown> = {};
  if (input.action === "assign") {
    if (!(await isActiveFunderMember(db, input.examinerId))) throw invalid({ examinerId: ["examination.assign.notExaminer"] });
    params = { examinerId: input.examinerId };
  } else if (input.action === "label") {
    params = { labelName: labelName(input.labelName, "labelName") };
  }
  const targetIds =
    rows.scope === "selection"
      ? [...new Set(rows.ids.map((id) => id.toLowerCase()))]
      : rows.target === "dossier"
        ? await listQueueIds(db, { ...rows.filters, ids: undefined }, BULK_JOB_MAX_ROWS)
        : await searchDirectoryIds(db, { ...rows.filters, ids: undefined }, BULK_JOB_MAX_ROWS);
  if (targetIds.length === 0) throw invalid({ id: ["bulk.selection.empty"] }, "bulk.selection.empty");
  return inTransaction(db, (trx) =>
    insertBulkJob(trx, { action: input.action, target: rows.target, params, requestedBy: actor.userId, targetIds }),
  );
}

async function isActiveFunderMember(db: Executor, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select("memberships.user_id")
    .where("memberships.user_id", "=", userId)
    .where("organisations.kind", "=", "funder")
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The job's progress and outcome, for the person who started it; not found for anyone else. */
export async function findOwnBulkJob(db: Executor, actor: Actor, jobId: string): Promise<BulkJobView> {
  const job = await findBulkJob(db, jobId);
  if (!job || !canFollowBulkJob(actor, job)) throw notFound();
  return viewOf(db, job);
}

async function viewOf(db: Executor, job: BulkJobRow): Promise<BulkJobView> {
  const reasons = job.status === "done" && job.skipped > 0 ? await countSkippedByReason(db, job.id) : [];
  return {
    id: job.id,
    action: job.action,
    target: job.target,
    status: job.status,
    total: job.total,
    done: job.done,
    skipped: job.skipped,
    reasons: reasons.map((r) => ({ reason: skipReasonFrom(r.reason), count: r.count })),
  };
}

function skipReasonFrom(value: string): BulkSkipReason {
  return (BULK_SKIP_REASONS as readonly string[]).includes(value) ? (value as BulkSkipReason) : "error";
}

/** The requester as they are now: a right removed since the request applies to the rows still to do. */
async function currentActor(db: Executor, userId: string): Promise<Actor> {
  const user = await findUserById(db, userId);
  if (!user || user.disabled_at) return { userId, email: "", fullName: "", memberships: [] };
  return { userId, email: user.email, fullName: user.full_name, memberships: await listUserMemberships(db, userId) };
}

function reasonOf(error: unknown): BulkSkipReason {
  if (isRowSkipped(error)) return error.reason;
  const domain = asDomainError(error);
  if (!isDomainError(domain)) return "error";
  const byKind: Partial<Record<DomainErrorKind, BulkSkipReason>> = {
    forbidden: "forbidden",
    unauthenticated: "forbidden",
    not_found: "not_found",
    conflict: "status",
    validation: "invalid",
  };
  return byKind[domain.kind] ?? "error";
}

export interface BulkRunOptions {
  /** Names this instance's claim (hostname:port). */
  instanceId: string;
  /** A claim not renewed for this long is taken over by another instance (default 60 s). */
  leaseMs?: number;
  /** Rows between two renewals of the claim and two progress reports (default 100). */
  batchSize?: number;
  /** After every batch and at the end: the job as its page shows it, and who started it. */
  onProgress?: (view: BulkJobView, requestedBy: string) => void;
  /** A row failed for an unexpected reason (skipped as "error"). */
  onRowError?: (error: unknown, job: ClaimedBulkJob, targetId: string) => void;
}

/**
 * Claims the oldest job nobody runs (FOR UPDATE SKIP LOCKED: with several instances, one claims it)
 * and runs it to its end; undefined when there is none. "lost": another instance took it over (this
 * one stalled past the lease); "pending": rows remain that another transaction holds.
 */
export async function runNextBulkJob(
  db: Kysely<Database>,
  options: BulkRunOptions,
): Promise<{ jobId: string; outcome: "done" | "lost" | "pending" } | undefined> {
  const job = await claimBulkJob(db, options.instanceId, options.leaseMs ?? 60_000);
  if (!job) return undefined;
  return { jobId: job.id, outcome: await runClaimedJob(db, job, options) };
}

async function runClaimedJob(db: Kysely<Database>, job: ClaimedBulkJob, options: BulkRunOptions): Promise<"done" | "lost" | "pending"> {
  const batchSize = options.batchSize ?? 100;
  const report = async () => {
    const row = await findBulkJob(db, job.id);
    if (row && options.onProgress) options.onProgress(await viewOf(db, row), job.requestedBy);
  };
  let after = -1;
  for (;;) {
    // Read again at every batch: a right removed during a long job stops the rows after it.
    const actor = await currentActor(db, job.requestedBy);
    const items = await listPendingBulkItems(db, job.id, after, batchSize);
    if (items.length === 0) break;
    for (const item of items) {
      after = item.position;
      await runItem(db, actor, job, item, options);
    }
    if (!(await renewBulkJobClaim(db, job.id, options.instanceId))) return "lost";
    await report();
  }
  const finished = await finishBulkJob(db, job.id, options.instanceId);
  await report();
  return finished ? "done" : "pending";
}

/** One row, once: its change and its outcome commit together, under the item's lock. */
async function runItem(
  db: Kysely<Database>,
  actor: Actor,
  job: ClaimedBulkJob,
  item: { position: number; targetId: string },
  options: BulkRunOptions,
): Promise<void> {
  try {
    await inTransaction(db, async (trx) => {
      if (!(await lockPendingBulkItem(trx, job.id, item.position))) return;
      await applyBulkRow(trx, actor, job, item.targetId);
      await recordBulkItemOutcome(trx, job.id, item.position, "done", null);
    });
  } catch (error) {
    const reason = reasonOf(error);
    if (reason === "error") options.onRowError?.(error, job, item.targetId);
    await inTransaction(db, async (trx) => {
      if (!(await lockPendingBulkItem(trx, job.id, item.position))) return;
      await recordBulkItemOutcome(trx, job.id, item.position, "skipped", reason);
    });
  }
}
