import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { DelayStage } from "../../db/schema";
import type { DueState } from "./delay-rules";
import { dueStateOn } from "./due-date";

/**
 * Reads of open stages by due day (decision record 045): the late dossiers (the coordination's daily
 * list and page), how many dossiers are late or due soon (the queue's quick filters) and a dossier's
 * next due day (the review room). No authorization here: the callers have checked who reads.
 */

export interface LateDossierRow {
  dossierId: string;
  organisationName: string;
  /** The dossier's earliest late stage. */
  stage: DelayStage;
  dueOn: string;
  examinerId: string | null;
  examinerName: string | null;
}

/** Dossiers with a stage past its due day on `today`, the most overdue first (one row each), and how many in all. */
export async function listLateDossiers(db: Executor, today: string, limit: number): Promise<{ total: number; rows: LateDossierRow[] }> {
  const [count, rows] = await Promise.all([
    db
      .selectFrom("dossier_deadlines")
      .select(sql<string>`count(distinct dossier_id)`.as("n"))
      .where("ended_at", "is", null)
      .where("due_on", "<", today)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("dossier_deadlines as dl")
      .innerJoin("dossiers as d", "d.id", "dl.dossier_id")
      .innerJoin("organisations as o", "o.id", "d.organisation_id")
      .leftJoin("users as u", "u.id", "d.examiner_id")
      .select([
        "dl.dossier_id as dossierId",
        "o.name as organisationName",
        "dl.stage",
        sql<string>`dl.due_on::text`.as("dueOn"),
        "d.examiner_id as examinerId",
        "u.full_name as examinerName",
      ])
      .where("dl.ended_at", "is", null)
      .where("dl.due_on", "<", today)
      .where(({ not, exists, selectFrom }) =>
        // One row per dossier: its earliest late stage (ties: the take before the examination stage).
        not(
          exists(
            selectFrom("dossier_deadlines as e")
              .select("e.id")
              .whereRef("e.dossier_id", "=", "dl.dossier_id")
              .where("e.ended_at", "is", null)
              .where((eb) =>
                eb.or([
                  eb("e.due_on", "<", eb.ref("dl.due_on")),
                  eb.and([eb("e.due_on", "=", eb.ref("dl.due_on")), eb("e.stage", "=", "take"), eb("dl.stage", "<>", "take")]),
                ]),
              ),
          ),
        ),
      )
      .orderBy("dl.due_on")
      .orderBy("o.name")
      .orderBy("dl.dossier_id")
      .limit(limit)
      .execute(),
  ]);
  return { total: Number(count.n), rows };
}

/**
 * The earliest open stage of a dossier (the review room's header), as a subquery of the dossier's
 * read: the caller adds `where dossier_id` (or correlates it). Stage and due day (YYYY-MM-DD).
 */
export function selectNextOpenDeadline(db: Executor) {
  return db
    .selectFrom("dossier_deadlines")
    .select(["dossier_deadlines.stage", sql<string>`dossier_deadlines.due_on::text`.as("due_on")])
    .where("dossier_deadlines.ended_at", "is", null)
    .orderBy("dossier_deadlines.due_on")
    .orderBy(sql`dossier_deadlines.stage = 'take'`, "desc")
    .limit(1);
}

/** Where an open stage stands on `today` (decision record 045). */
export function nextDueOn(
  deadline: { stage: DelayStage; due_on: string } | null,
  today: string,
): { stage: DelayStage; dueOn: string; state: DueState } | null {
  return deadline ? { stage: deadline.stage, dueOn: deadline.due_on, state: dueStateOn(deadline.due_on, today) } : null;
}
