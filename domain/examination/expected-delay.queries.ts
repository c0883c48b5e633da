import { sql } from "kysely";
import type { Executor } from "../../db/executor";

/**
 * How long examinations take (issue 14.6), from the dossiers' own event log.
 *
 * One examination round runs from a submission (dossier.submitted or dossier.resubmitted) to the
 * first closing decision after it on the same dossier: datadocké, sent back to complete, or closed
 * non conforme (examination.datadocke / examination.sent_back / examination.non_conforme). Rounds
 * that closed in the `days` days before `now` count; controls are not examinations of a submission
 * and do not count. The median and the 90th percentile are in days (fractional).
 */

export const SUBMISSION_KINDS = ["dossier.submitted", "dossier.resubmitted"] as const;
export const CLOSING_KINDS = ["examination.datadocke", "examination.sent_back", "examination.non_conforme"] as const;

export interface ExaminationDurations {
  rounds: number;
  medianDays: number | null;
  p90Days: number | null;
}

export async function examinationDurations(db: Executor, now: Date, days = 90): Promise<ExaminationDurations> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const { rows } = await sql<{ rounds: string | number; median: string | number | null; p90: string | number | null }>`
    with rounds as (
      select s.dossier_id, s.created_at as submitted_at,
        (select min(c.created_at) from dossier_events c
          where c.dossier_id = s.dossier_id and c.created_at >= s.created_at
            and c.kind in (${sql.join(CLOSING_KINDS.map((k) => sql`${k}`))})) as closed_at
      from dossier_events s
      where s.kind in (${sql.join(SUBMISSION_KINDS.map((k) => sql`${k}`))})
    )
    select count(*) as rounds,
      percentile_cont(0.5) within group (order by extract(epoch from closed_at - submitted_at)) / 86400 as median,
      percentile_cont(0.9) within group (order by extract(epoch from closed_at - submitted_at)) / 86400 as p90
    from rounds
    where closed_at is not null and closed_at >= ${since} and closed_at <= ${now}`.execute(db);
  const row = rows[0];
  const asNumber = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return { rounds: Number(row?.rounds ?? 0), medianDays: asNumber(row?.median), p90Days: asNumber(row?.p90) };
}

/** 1-based place of a submitted dossier among those waiting for an examiner, oldest submission first. */
export async function queuePosition(db: Executor, dossierId: string): Promise<number | null> {
  const { rows } = await sql<{ position: string | number | null }>`
    select (select count(*) from dossiers o where o.status = 'soumis' and o.submitted_at <= d.submitted_at) as position
    from dossiers d where d.id = ${dossierId} and d.status = 'soumis' and d.submitted_at is not null`.execute(db);
  const position = rows[0]?.position;
  return position === null || position === undefined ? null : Number(position);
}
