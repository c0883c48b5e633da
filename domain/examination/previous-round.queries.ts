import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { IndicatorDecision } from "../../db/schema";

/**
 * What funders see beside the new answers of a reopened dossier (decision record 037): per
 * indicator, the last decision and reason of the previous round (the history rows written before
 * the current round opened). Round 1 has no previous round: empty.
 */
export interface PreviousRoundDecision {
  indicatorId: string;
  code: string;
  decision: IndicatorDecision;
  reason: string | null;
  decidedAt: Date;
  decidedByName: string | null;
}

export async function listPreviousRoundDecisions(db: Executor, dossierId: string): Promise<PreviousRoundDecision[]> {
  const dossier = await db.selectFrom("dossiers").select(["id", "round"]).where("id", "=", dossierId).executeTakeFirst();
  if (!dossier || dossier.round <= 1) return [];
  const current = await db
    .selectFrom("dossier_rounds")
    .select(["opened_at"])
    .where("dossier_id", "=", dossierId)
    .where("round", "=", dossier.round)
    .executeTakeFirst();
  if (!current) return [];
  const previous = await db
    .selectFrom("dossier_rounds")
    .select(["opened_at"])
    .where("dossier_id", "=", dossierId)
    .where("round", "=", dossier.round - 1)
    .executeTakeFirst();
  let query = db
    .selectFrom("indicator_review_history as h")
    .innerJoin("indicators as i", "i.id", "h.indicator_id")
    .innerJoin("criteria as c", "c.id", "i.criterion_id")
    .leftJoin("users as u", "u.id", "h.decided_by")
    .select([
      "h.indicator_id",
      "i.code",
      "i.position",
      "c.number as criterion_number",
      "h.decision",
      "h.reason",
      "h.created_at",
      "u.full_name",
      sql<number>`row_number() over (partition by h.indicator_id order by h.created_at desc, h.id desc)`.as("rank"),
    ])
    .where("h.dossier_id", "=", dossierId)
    .where("h.created_at", "<", current.opened_at);
  if (previous) query = query.where("h.created_at", ">=", previous.opened_at);
  const rows = await db
    .selectFrom(query.as("ranked"))
    .selectAll()
    .where("rank", "=", 1)
    .orderBy("criterion_number")
    .orderBy("position")
    .execute();
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    code: r.code,
    decision: r.decision,
    reason: r.reason,
    decidedAt: r.created_at,
    decidedByName: r.full_name,
  }));
}
