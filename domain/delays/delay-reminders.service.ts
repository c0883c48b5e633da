import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import type { DelayStage } from "../../db/schema";
import { recordDomainEvent } from "../events/record-event";
import type { LateDossierList } from "../events/domain-event";
import { loadDelayRules } from "./delay-rules.service";
import { backfillDeadlines } from "./deadlines";
import { soonUntil } from "./due-date";
import { listLateDossiers } from "./late-dossiers.queries";

/**
 * The daily delay job (issue 15.2, decision record 045), run once per Paris day across instances by
 * server/jobs/daily-jobs.ts. On `today`:
 * 1. dossiers waiting without due days get theirs (backfillDeadlines);
 * 2. each open stage due within REMINDER_LEAD_DAYS, and each open stage past its due day, of a dossier
 *    that has an examiner is claimed by its flag (reminded_at, late_notified_at) in one
 *    UPDATE … RETURNING and told to the examiner and co-examiners — once per stage, whatever the runs;
 *    a dossier without an examiner is claimed the day it gets one;
 * 3. the coordination gets the list of late dossiers (one event; the job's claim of the day makes it daily).
 * Everything happens in one transaction: the events are dispatched after it commits.
 */
export const LATE_LIST_LIMIT = 50;

export interface DelayRemindersResult {
  backfilled: number;
  dueSoon: number;
  late: number;
  lateDossiers: number;
}

interface Claimed {
  dossier_id: string;
  stage: DelayStage;
  due_on: string;
  name: string;
  examiner_id: string | null;
}

/** Open stages of dossiers with an examiner whose `flag` is not set yet, claimed by setting it (narrowed by the caller). */
function claim(db: Executor, flag: "reminded_at" | "late_notified_at") {
  return db
    .updateTable("dossier_deadlines as dl")
    .set(flag === "reminded_at" ? { reminded_at: sql<Date>`now()` } : { late_notified_at: sql<Date>`now()` })
    .from(["dossiers as d", "organisations as o"])
    .whereRef("d.id", "=", "dl.dossier_id")
    .whereRef("o.id", "=", "d.organisation_id")
    .where("dl.ended_at", "is", null)
    .where(flag === "reminded_at" ? "dl.reminded_at" : "dl.late_notified_at", "is", null)
    .where("d.examiner_id", "is not", null);
}

async function examinersOf(db: Executor, rows: Claimed[]): Promise<Map<string, string[]>> {
  const byDossier = new Map<string, Set<string>>();
  for (const row of rows) {
    const set = byDossier.get(row.dossier_id) ?? new Set<string>();
    if (row.examiner_id) set.add(row.examiner_id);
    byDossier.set(row.dossier_id, set);
  }
  if (byDossier.size > 0) {
    const co = await db
      .selectFrom("dossier_co_examiners")
      .select(["dossier_id", "user_id"])
      .where("dossier_id", "in", [...byDossier.keys()])
      .execute();
    for (const row of co) byDossier.get(row.dossier_id)?.add(row.user_id);
  }
  return new Map([...byDossier].map(([id, set]) => [id, [...set]]));
}

async function tellClaimed(db: Executor, rows: Claimed[], when: "soon" | "late"): Promise<void> {
  const examiners = await examinersOf(db, rows);
  for (const row of rows) {
    await recordDomainEvent(db, {
      type: "deadline.reminder",
      payload: {
        dossierId: row.dossier_id,
        organisationName: row.name,
        stage: row.stage,
        dueOn: row.due_on,
        when,
        examinerIds: examiners.get(row.dossier_id) ?? [],
      },
    });
  }
}

// The due day as text: a `date` reads as a string whatever the pool's parsers (db/client.ts sets them for the server).
const RETURNED = ["dl.dossier_id", "dl.stage", sql<string>`dl.due_on::text`.as("due_on"), "o.name", "d.examiner_id"] as const;

export async function runDelayReminders(db: Executor, today: string): Promise<DelayRemindersResult> {
  return inTransaction(db, async (trx) => {
    const backfilled = await backfillDeadlines(trx, await loadDelayRules(trx));
    const soon: Claimed[] = await claim(trx, "reminded_at")
      .where("dl.due_on", ">=", today)
      .where("dl.due_on", "<=", soonUntil(today))
      .returning([...RETURNED])
      .execute();
    await tellClaimed(trx, soon, "soon");
    const late: Claimed[] = await claim(trx, "late_notified_at")
      .where("dl.due_on", "<", today)
      .returning([...RETURNED])
      .execute();
    await tellClaimed(trx, late, "late");

    const list = await listLateDossiers(trx, today, LATE_LIST_LIMIT);
    if (list.total > 0) {
      const coordinators = await trx
        .selectFrom("memberships")
        .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
        .innerJoin("users", "users.id", "memberships.user_id")
        .select("users.id")
        .distinct()
        .where("organisations.kind", "=", "coordination")
        .where("users.disabled_at", "is", null)
        .execute();
      const payload: LateDossierList = {
        day: today,
        total: list.total,
        dossiers: list.rows.map((r) => ({
          dossierId: r.dossierId,
          organisationName: r.organisationName,
          stage: r.stage,
          dueOn: r.dueOn,
          examinerName: r.examinerName,
        })),
        coordinatorIds: coordinators.map((c) => c.id),
      };
      await recordDomainEvent(trx, { type: "deadline.late_list", payload });
    }
    return { backfilled, dueSoon: soon.length, late: late.length, lateDossiers: list.total };
  });
}
