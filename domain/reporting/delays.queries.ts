import { sql, type RawBuilder } from "kysely";
import type { Executor } from "../../db/executor";
import type { DelayStage } from "../../db/schema";
import { DELAY_STAGES } from "../delays/delay-rules";
import type { ReportFilters } from "./report-filters";

/**
 * Delays in reporting (issue 15.2, decision record 045): how long each stage took (median and 90th
 * percentile, in days) and the share that ended after its due day, over the stages that ended in the
 * period — for every funder together, per funder (the funder of the examiner who ended the stage) and
 * per examiner — and, per stage, how many are late now. Read from dossier_deadlines through its
 * `ended_at` index; the filters are the dashboard's (region and référentiel of the dossier, funder of
 * the examiner).
 */

export interface StageFigures {
  count: number;
  /** Days, one decimal; null without a stage ended. */
  median: number | null;
  p90: number | null;
  late: number;
  /** late / count, null without a stage ended. */
  lateShare: number | null;
}

export interface StageReport extends StageFigures {
  stage: DelayStage;
  /** Open stages past their due day on `today`. */
  openLate: number;
}

export interface DelayRow {
  id: string;
  name: string;
  /** The examiner's funder (per examiner only). */
  funderName?: string | null;
  stages: Record<DelayStage, StageFigures>;
  /** Every stage together. */
  total: { count: number; late: number; lateShare: number | null };
}

const num = (v: unknown) => Number(v ?? 0);
const days = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

const and = (parts: RawBuilder<unknown>[]) => sql.join([sql`true`, ...parts], sql` and `);

/** Conditions on `dl` (the stage) and `d` (its dossier, joined to `o` its organisation). */
function filter(f: ReportFilters) {
  const parts: RawBuilder<unknown>[] = [sql`dl.ended_at >= ${f.from}`, sql`dl.ended_at < ${f.to}`];
  if (f.region) parts.push(sql`o.region = ${f.region}`);
  if (f.referentielId)
    parts.push(sql`d.referentiel_version_id in (select id from referentiel_versions where referentiel_id = ${f.referentielId})`);
  if (f.funderId) parts.push(sql`dl.examiner_id in (select user_id from memberships where organisation_id = ${f.funderId})`);
  return and(parts);
}

const FIGURES = sql`count(*) as n,
  percentile_cont(0.5) within group (order by extract(epoch from dl.ended_at - dl.started_at)) / 86400 as median,
  percentile_cont(0.9) within group (order by extract(epoch from dl.ended_at - dl.started_at)) / 86400 as p90,
  count(*) filter (where dl.ended_late) as late`;

const FROM = sql`dossier_deadlines dl join dossiers d on d.id = dl.dossier_id join organisations o on o.id = d.organisation_id`;

/** The funder the examiner belongs to (the first, should they belong to several). */
const EXAMINER_FUNDER = sql`left join lateral (
  select fo.id as funder_id, fo.name as funder_name from memberships m join organisations fo on fo.id = m.organisation_id
  where m.user_id = dl.examiner_id and fo.kind = 'funder' order by fo.name, fo.id limit 1) f on true`;

interface FigureRow {
  stage: DelayStage;
  n: string;
  median: string | number | null;
  p90: string | number | null;
  late: string;
}

const figures = (r: FigureRow | undefined): StageFigures => {
  const count = num(r?.n);
  const late = num(r?.late);
  return { count, median: days(r?.median), p90: days(r?.p90), late, lateShare: count ? late / count : null };
};

/** Per stage, every funder together; `today` (Paris day) for the stages late now. */
export async function delaysByStage(db: Executor, f: ReportFilters, today: string): Promise<StageReport[]> {
  const [{ rows }, open] = await Promise.all([
    sql<FigureRow>`select dl.stage, ${FIGURES} from ${FROM} where ${filter(f)} group by dl.stage`.execute(db),
    sql<{ stage: DelayStage; n: string }>`
      select dl.stage, count(*) as n from ${FROM}
      where dl.ended_at is null and dl.due_on < ${today}::date
        ${f.region ? sql`and o.region = ${f.region}` : sql``}
        ${f.referentielId ? sql`and d.referentiel_version_id in (select id from referentiel_versions where referentiel_id = ${f.referentielId})` : sql``}
        ${f.funderId ? sql`and d.examiner_id in (select user_id from memberships where organisation_id = ${f.funderId})` : sql``}
      group by dl.stage`.execute(db),
  ]);
  return DELAY_STAGES.map((stage) => ({
    stage,
    ...figures(rows.find((r) => r.stage === stage)),
    openLate: num(open.rows.find((r) => r.stage === stage)?.n),
  }));
}

function fold(rows: (FigureRow & { id: string; name: string; funder_name?: string | null })[]): DelayRow[] {
  const byId = new Map<string, DelayRow>();
  for (const r of rows) {
    const row = byId.get(r.id) ?? {
      id: r.id,
      name: r.name,
      ...(r.funder_name !== undefined ? { funderName: r.funder_name } : {}),
      stages: { take: figures(undefined), decision: figures(undefined), answer: figures(undefined) },
      total: { count: 0, late: 0, lateShare: null },
    };
    row.stages[r.stage] = figures(r);
    row.total.count += num(r.n);
    row.total.late += num(r.late);
    row.total.lateShare = row.total.count ? row.total.late / row.total.count : null;
    byId.set(r.id, row);
  }
  return [...byId.values()];
}

/** Per funder (of the examiner who ended the stage), by name. */
export async function delaysByFunder(db: Executor, f: ReportFilters): Promise<DelayRow[]> {
  const { rows } = await sql<FigureRow & { id: string; name: string }>`
    select f.funder_id as id, f.funder_name as name, dl.stage, ${FIGURES}
    from ${FROM} ${EXAMINER_FUNDER}
    where ${filter(f)} and f.funder_id is not null
    group by f.funder_id, f.funder_name, dl.stage
    order by f.funder_name, f.funder_id`.execute(db);
  return fold(rows);
}

/** Per examiner (who ended the stage), the 50 who ended the most, then by name. */
export async function delaysByExaminer(db: Executor, f: ReportFilters): Promise<DelayRow[]> {
  const { rows } = await sql<FigureRow & { id: string; name: string; funder_name: string | null }>`
    with top as (
      select dl.examiner_id from ${FROM}
      where ${filter(f)} and dl.examiner_id is not null
      group by dl.examiner_id order by count(*) desc, dl.examiner_id limit 50
    )
    select dl.examiner_id as id, coalesce(nullif(u.full_name, ''), u.email) as name, f.funder_name, dl.stage, ${FIGURES}
    from ${FROM} join users u on u.id = dl.examiner_id ${EXAMINER_FUNDER}
    where ${filter(f)} and dl.examiner_id in (select examiner_id from top)
    group by dl.examiner_id, u.full_name, u.email, f.funder_name, dl.stage`.execute(db);
  return fold(rows).sort((a, b) => b.total.count - a.total.count || a.name.localeCompare(b.name, "fr") || a.id.localeCompare(b.id));
}

/** The reporting page's delay figures, in parallel. */
export async function delayReport(db: Executor, f: ReportFilters, today: string) {
  const [stages, funders, examiners] = await Promise.all([delaysByStage(db, f, today), delaysByFunder(db, f), delaysByExaminer(db, f)]);
  return { stages, funders, examiners };
}
