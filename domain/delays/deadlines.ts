import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { DossierStatus } from "../../db/schema";
import type { DossierTransition } from "../dossiers/status-machine";
import { dayKeyInParis } from "../i18n/format";
import type { DelayStage } from "./delay-rules";
import { loadDelayRules, type DelayRules } from "./delay-rules.service";
import { dueDay } from "./due-date";

/**
 * A dossier's due days per stage (issue 15.2, decision record 045), kept in dossier_deadlines by the
 * one function every status change goes through (applyStatusChange, domain/examination/status-change.ts):
 * - a (re)submission opens "take" and, for a first submission "decision", for a resubmission "answer",
 *   due from the rules in force that day;
 * - a take or an assignment ends "take", with the examiner who has the dossier;
 * - leaving soumis / en examen (a closing, a déréférencement) ends what is still open, with the examiner
 *   who held the dossier. A stage ended after its due day is marked late.
 * Controls (datadocké → en examen) are not examinations of a submission: no stage opens.
 */

export interface StageMove {
  dossierId: string;
  action: DossierTransition;
  from: DossierStatus;
  to: DossierStatus;
  /** The dossier's examiner after the change. */
  examinerId: string | null;
}

const WAITING: readonly DossierStatus[] = ["soumis", "en_examen"];

export async function moveDeadlines(db: Executor, move: StageMove, at: Date = new Date()): Promise<void> {
  if (move.action === "submit") {
    await endOpenStages(db, move.dossierId, null, move.examinerId, at);
    await openStages(db, move.dossierId, ["take", move.from === "a_completer" ? "answer" : "decision"], at, await loadDelayRules(db));
    return;
  }
  if (move.action === "take") {
    await endOpenStages(db, move.dossierId, ["take"], move.examinerId, at);
    return;
  }
  if (!WAITING.includes(move.to)) await endOpenStages(db, move.dossierId, null, move.examinerId, at);
}

async function openStages(db: Executor, dossierId: string, stages: DelayStage[], startedAt: Date, rules: DelayRules) {
  const startDay = dayKeyInParis(startedAt);
  await db
    .insertInto("dossier_deadlines")
    .values(stages.map((stage) => ({ dossier_id: dossierId, stage, started_at: startedAt, due_on: dueDay(startDay, rules[stage]) })))
    .execute();
}

async function endOpenStages(db: Executor, dossierId: string, stages: DelayStage[] | null, examinerId: string | null, at: Date) {
  let query = db
    .updateTable("dossier_deadlines")
    .set({ ended_at: at, ended_late: sql<boolean>`due_on < ${dayKeyInParis(at)}::date`, examiner_id: examinerId })
    .where("dossier_id", "=", dossierId)
    .where("ended_at", "is", null);
  if (stages) query = query.where("stage", "in", stages);
  await query.execute();
}

const BACKFILL_BATCH = 1000;

/**
 * Dossiers waiting for the funders with no open stage — submitted before due days were kept, or
 * loaded in bulk — get theirs, counted from their last submission under today's rules: soumis opens
 * "take" and the examination stage, en examen the examination stage ("answer" when the last
 * submission was a resubmission). A dossier under a control (its last such event opened it) gets
 * none. Run by the daily delay job before it reminds anyone; returns how many dossiers it completed.
 */
export async function backfillDeadlines(db: Executor, rules: DelayRules): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await db
      .selectFrom("dossiers as d")
      .select(["d.id", "d.status", "d.submitted_at"])
      .select((eb) =>
        eb
          .selectFrom("dossier_events as e")
          .select("e.kind")
          .whereRef("e.dossier_id", "=", "d.id")
          .where("e.kind", "in", ["dossier.submitted", "dossier.resubmitted", "control.opened"])
          .orderBy("e.created_at", "desc")
          .orderBy("e.id", "desc")
          .limit(1)
          .as("lastKind"),
      )
      .where("d.status", "in", WAITING)
      .where("d.submitted_at", "is not", null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("dossier_deadlines as dl").select("dl.id").whereRef("dl.dossier_id", "=", "d.id").where("dl.ended_at", "is", null),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        // Not the batches already skipped as controls: those keep no open stage, so they would come back.
        not(
          exists(
            selectFrom("dossier_events as c")
              .select("c.id")
              .whereRef("c.dossier_id", "=", "d.id")
              .where("c.kind", "=", "control.opened")
              .where((eb) =>
                eb.not(
                  eb.exists(
                    eb
                      .selectFrom("dossier_events as s")
                      .select("s.id")
                      .whereRef("s.dossier_id", "=", "d.id")
                      .where("s.kind", "in", ["dossier.submitted", "dossier.resubmitted"])
                      .whereRef("s.created_at", ">", "c.created_at"),
                  ),
                ),
              ),
          ),
        ),
      )
      .orderBy("d.id")
      .limit(BACKFILL_BATCH)
      .execute();
    if (rows.length === 0) return done;
    const values = rows.flatMap((row) => {
      const startedAt = new Date(row.submitted_at!);
      const startDay = dayKeyInParis(startedAt);
      const exam: DelayStage = row.lastKind === "dossier.resubmitted" ? "answer" : "decision";
      const stages: DelayStage[] = row.status === "soumis" ? ["take", exam] : [exam];
      return stages.map((stage) => ({ dossier_id: row.id, stage, started_at: startedAt, due_on: dueDay(startDay, rules[stage]) }));
    });
    await db.insertInto("dossier_deadlines").values(values).execute();
    done += rows.length;
    if (rows.length < BACKFILL_BATCH) return done;
  }
}
