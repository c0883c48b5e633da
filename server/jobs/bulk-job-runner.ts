import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { runNextBulkJob, type BulkJobView } from "../../domain/bulk/bulk-jobs.service";
import type { Logger } from "../logger";

/**
 * The bulk jobs' runner of one instance (issue 15.3, decision record 043): it looks for a job every
 * `pollMs` and at once when this instance records one (`wake`), claims it (FOR UPDATE SKIP LOCKED: with
 * several instances on one database, one of them runs a job), and runs it to its end before looking
 * again — one job at a time per instance. Progress goes to `onProgress` after every batch.
 */
export interface BulkJobRunner {
  /** A job was just recorded: look now rather than at the next poll. */
  wake(): void;
  /** Runs every job nobody runs, one after the other, until none is left; resolves to how many ran (tests call it directly). */
  runDue(): Promise<number>;
  stop(): Promise<void>;
}

export interface BulkJobRunnerOptions {
  instanceId: string;
  logger: Logger;
  onProgress?: (view: BulkJobView, requestedBy: string) => void;
  /** How often the table is read for jobs (default 2 s). */
  pollMs?: number;
  leaseMs?: number;
  batchSize?: number;
  /** false: no polling (a test calls runDue). */
  timer?: boolean;
}

export function startBulkJobRunner(db: Kysely<Database>, options: BulkJobRunnerOptions): BulkJobRunner {
  const { logger } = options;
  let stopped = false;
  let running: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;

  async function runDue(): Promise<number> {
    let ran = 0;
    while (!stopped) {
      const result = await runNextBulkJob(db, {
        instanceId: options.instanceId,
        leaseMs: options.leaseMs,
        batchSize: options.batchSize,
        onProgress: options.onProgress,
        onRowError: (err, job, targetId) => logger.warn({ err, job: job.id, targetId }, "bulk job row failed"),
      });
      if (!result) break;
      ran += 1;
      if (result.outcome !== "done") logger.info({ job: result.jobId, outcome: result.outcome }, "bulk job left to another instance");
    }
    return ran;
  }

  /** One pass at a time; a wake during a pass asks for another right after it. */
  function tick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = runDue()
      .catch((err: unknown) => {
        logger.warn({ err }, "bulk jobs failed (the lease lets another pass take them over)");
        return 0;
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          tick();
        }
      });
  }

  if (options.timer !== false) {
    timer = setInterval(tick, options.pollMs ?? 2_000);
    timer.unref();
    tick();
  }
  return {
    wake: () => tick(),
    runDue,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
