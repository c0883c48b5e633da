import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { loadDelayRules } from "../delays/delay-rules.service";
import { addCalendarDays, dueDay, soonUntil } from "../delays/due-date";
import { dayKeyInParis } from "../i18n/format";

/**
 * Demo dossiers late or due soon (issue 15.2, decision record 045), so the queue, the coordination's
 * page and reporting show delays from the first visit: a submitted demo dossier is moved back in time
 * — its submission, the submission's trace and its open stages, whose due days are computed again from
 * the rules as if it had been submitted then. Seeded history, like the rest of the demo.
 */

/** Moves the demo dossier's submission `daysAgo` days back. */
export async function backdateDemoSubmission(db: Kysely<Database>, dossierId: string, daysAgo: number): Promise<void> {
  const shift = sql`${`${daysAgo} days`}::interval`;
  await db
    .updateTable("dossiers")
    .set({ submitted_at: sql<Date>`submitted_at - ${shift}` })
    .where("id", "=", dossierId)
    .execute();
  await db
    .updateTable("dossier_events")
    .set({ created_at: sql<Date>`created_at - ${shift}` })
    .where("dossier_id", "=", dossierId)
    .where("kind", "in", ["dossier.submitted", "dossier.resubmitted"])
    .execute();
  const rules = await loadDelayRules(db);
  const open = await db
    .selectFrom("dossier_deadlines")
    .select(["id", "stage", "started_at"])
    .where("dossier_id", "=", dossierId)
    .where("ended_at", "is", null)
    .execute();
  for (const stage of open) {
    const startedAt = new Date(new Date(stage.started_at).getTime() - daysAgo * 86_400_000);
    await db
      .updateTable("dossier_deadlines")
      .set({ started_at: startedAt, due_on: dueDay(dayKeyInParis(startedAt), rules[stage.stage]) })
      .where("id", "=", stage.id)
      .execute();
  }
}

/**
 * Moves the demo dossier's submission back so that its take falls due within REMINDER_LEAD_DAYS but is
 * not late: the latest such day. Should no due day fall there (a long weekend), the take is due tomorrow.
 */
export async function makeDemoTakeDueSoon(db: Kysely<Database>, dossierId: string, today: Date): Promise<void> {
  const rule = (await loadDelayRules(db)).take;
  const day = dayKeyInParis(today);
  const last = soonUntil(day);
  let best: number | null = null;
  for (let daysAgo = 0; daysAgo < 400; daysAgo++) {
    const due = dueDay(addCalendarDays(day, -daysAgo), rule);
    if (due < day) break;
    if (due <= last) {
      best = daysAgo;
      break;
    }
  }
  if (best !== null) {
    await backdateDemoSubmission(db, dossierId, best);
    return;
  }
  await db
    .updateTable("dossier_deadlines")
    .set({ due_on: addCalendarDays(day, 1) })
    .where("dossier_id", "=", dossierId)
    .where("stage", "=", "take")
    .where("ended_at", "is", null)
    .execute();
}

/** Days each closed demo dossier took to be taken and decided (some past the default rules), in the order of their names. */
const DEMO_TIMES: readonly { take: number; decision: number }[] = [
  { take: 2, decision: 12 },
  { take: 9, decision: 33 },
  { take: 4, decision: 19 },
  { take: 3, decision: 26 },
  { take: 6, decision: 9 },
];

/**
 * The demo's closed dossiers were taken and decided within the seed's one transaction (no time in
 * between): their ended stages are spread over realistic times, so reporting shows durations and a
 * late share from the first visit. Only dossiers with no open stage are changed: their take and
 * examination stage start together, at their (backdated) submission.
 */
export async function spreadDemoEndedStages(db: Kysely<Database>): Promise<void> {
  const rules = await loadDelayRules(db);
  const rows = await db
    .selectFrom("dossier_deadlines as dl")
    .innerJoin("dossiers as d", "d.id", "dl.dossier_id")
    .innerJoin("organisations as o", "o.id", "d.organisation_id")
    .select(["dl.id", "dl.dossier_id", "dl.stage", "dl.ended_at", "o.name"])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("dossier_deadlines as open")
            .select("open.id")
            .whereRef("open.dossier_id", "=", "dl.dossier_id")
            .where("open.ended_at", "is", null),
        ),
      ),
    )
    .orderBy("o.name")
    .orderBy("dl.started_at")
    .execute();
  const dossiers = [...new Set(rows.map((r) => r.dossier_id))];
  for (const [index, dossierId] of dossiers.entries()) {
    const times = DEMO_TIMES[index % DEMO_TIMES.length]!;
    const stages = rows.filter((r) => r.dossier_id === dossierId);
    const exam = stages.find((s) => s.stage !== "take");
    const endedAt = new Date((exam ?? stages[0]!).ended_at!);
    const startedAt = new Date(endedAt.getTime() - (exam ? times.decision : times.take) * 86_400_000);
    for (const stage of stages) {
      const ended = stage.stage === "take" ? new Date(startedAt.getTime() + times.take * 86_400_000) : endedAt;
      const due = dueDay(dayKeyInParis(startedAt), rules[stage.stage]);
      await db
        .updateTable("dossier_deadlines")
        .set({ started_at: startedAt, ended_at: ended, due_on: due, ended_late: dayKeyInParis(ended) > due })
        .where("id", "=", stage.id)
        .execute();
    }
  }
}
