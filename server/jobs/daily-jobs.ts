import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { claimJobRun, finishJobRun } from "../../domain/events/scheduled-jobs.queries";
import { checkCertificateExpiries } from "../../domain/circuit-court/certificate-expiry.service";
import { runDelayReminders } from "../../domain/delays/delay-reminders.service";
import { dayKeyInParis } from "../../domain/i18n/format";
import { remindLateExpertRequests } from "../../domain/experts/expert-requests.service";
import { sendDailyDigests, type DigestDeps } from "../../domain/notifications/notification-digest";
import { applyRetention, DEFAULT_RETENTION, type RetentionPolicy } from "../../domain/retention/retention.service";
import type { Logger } from "../logger";

/**
 * Jobs run once a day (Paris day) whatever the number of instances (decision record 037): every
 * instance looks every `everyMs` (hourly by default, and at start), and only the one that claims the
 * day's row in scheduled_job_runs runs the job. Their side effects are domain events, dispatched
 * like any other.
 */
export interface DailyJob {
  name: string;
  run(db: Kysely<Database>, day: string): Promise<unknown>;
}

/**
 * The jobs, given the retention policy read from the environment (decision record 039) and, to send
 * the notification digests (decision record 047), the mailer and the portal's public URL.
 */
export function dailyJobs(retention: RetentionPolicy = DEFAULT_RETENTION, digest?: DigestDeps): readonly DailyJob[] {
  return [
    { name: "circuit-court-expiries", run: (db, day) => checkCertificateExpiries(db, day) },
    { name: "delay-reminders", run: (db, day) => runDelayReminders(db, day) },
    { name: "personal-data-retention", run: (db) => applyRetention(db, retention) },
    { name: "expert-opinion-reminders", run: (db, day) => remindLateExpertRequests(db, day) },
    ...(digest ? [{ name: "notification-digests", run: (db: Kysely<Database>) => sendDailyDigests(db, digest) }] : []),
  ];
}

export interface DailyJobs {
  /** Runs the jobs not yet claimed for `day` (tests call it directly). */
  runDue(day?: string): Promise<string[]>;
  stop(): Promise<void>;
}

export function startDailyJobs(
  db: Kysely<Database>,
  logger: Logger,
  options: { everyMs?: number; jobs?: readonly DailyJob[]; retention?: RetentionPolicy; digest?: DigestDeps; timer?: boolean } = {},
): DailyJobs {
  const jobs = options.jobs ?? dailyJobs(options.retention, options.digest);
  let running: Promise<string[]> | null = null;
  async function runDue(day = dayKeyInParis(new Date())): Promise<string[]> {
    const ran: string[] = [];
    for (const job of jobs) {
      if (!(await claimJobRun(db, job.name, day))) continue;
      try {
        await job.run(db, day);
        await finishJobRun(db, job.name, day);
        ran.push(job.name);
      } catch (err) {
        logger.warn({ err, job: job.name }, "daily job failed");
      }
    }
    return ran;
  }
  const tick = () => {
    if (running) return;
    running = runDue().finally(() => (running = null));
    void running.catch((err: unknown) => logger.warn({ err }, "daily jobs failed"));
  };
  let timer: NodeJS.Timeout | null = null;
  if (options.timer !== false) {
    tick();
    timer = setInterval(tick, options.everyMs ?? 3_600_000);
    timer.unref();
  }
  return {
    runDue,
    async stop() {
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
