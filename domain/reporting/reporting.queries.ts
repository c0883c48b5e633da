import { sql, type RawBuilder } from "kysely";
import type { Executor } from "../../db/executor";
import type { ReportFilters } from "./report-filters";
import { splitDays, splitWeeks, type PeriodSplit } from "./report-period";
import { rejectionRatesByCode } from "./rejection-rates";

export type { ReportFilters };

/**
 * The reporting dashboard's queries (decision record 013). Counts per week come from the rollups
 * (report_* tables, kept exact by triggers) for the whole UTC weeks (and, for reviews, days) of
 * the period, plus the partial ranges at both ends counted from the base tables; statuses and
 * regions come from report_status_counts; the median, the backlog and the throughput per examiner
 * read the dossiers directly through covering indexes. Results are those of
 * reporting-direct.queries.ts.
 * "funder" narrows decisions to dossiers examined by that funder's staff.
 */

/** The rollups' scope for "every funder". */
const ALL_FUNDERS = "00000000-0000-0000-0000-000000000000";

const num = (v: unknown) => Number(v ?? 0);

const and = (parts: RawBuilder<unknown>[]) => sql.join([sql`true`, ...parts], sql` and `);

function versionsOf(referentielId: string) {
  return sql`(select id from referentiel_versions where referentiel_id = ${referentielId})`;
}

/** Conditions on a rollup table's region and référentiel version. */
function rollupFilter(f: ReportFilters) {
  const parts: RawBuilder<unknown>[] = [];
  if (f.region) parts.push(sql`region = ${f.region}`);
  if (f.referentielId) parts.push(sql`referentiel_version_id in ${versionsOf(f.referentielId)}`);
  return and(parts);
}

/** `dossiers d`, joined to its organisation only when the region is filtered. */
function dossiersFrom(f: ReportFilters) {
  return f.region ? sql`dossiers d join organisations o on o.id = d.organisation_id` : sql`dossiers d`;
}

/** Conditions on `d` (and `o` when joined); the funder only when `withFunder`. */
function dossierFilter(f: ReportFilters, withFunder: boolean) {
  const parts: RawBuilder<unknown>[] = [];
  if (f.region) parts.push(sql`o.region = ${f.region}`);
  if (f.referentielId) parts.push(sql`d.referentiel_version_id in ${versionsOf(f.referentielId)}`);
  if (withFunder && f.funderId) parts.push(sql`d.examiner_id in (select user_id from memberships where organisation_id = ${f.funderId})`);
  return and(parts);
}

/** dossierFilter for the per-review lookup in rejectionRateByIndicator, where `d` carries the region. */
function edgeFilter(f: ReportFilters) {
  const parts: RawBuilder<unknown>[] = [];
  if (f.region) parts.push(sql`d.region = ${f.region}`);
  if (f.referentielId) parts.push(sql`d.referentiel_version_id in ${versionsOf(f.referentielId)}`);
  if (f.funderId) parts.push(sql`d.examiner_id in (select user_id from memberships where organisation_id = ${f.funderId})`);
  return and(parts);
}

/** `column` within the partial weeks of the period (false when there are none). */
function inEdges(column: RawBuilder<unknown>, split: PeriodSplit) {
  if (split.edges.length === 0) return sql`false`;
  return sql`(${sql.join(
    split.edges.map(([s, e]) => sql`(${column} >= ${s} and ${column} < ${e})`),
    sql` or `,
  )})`;
}

/** Rollup rows whose `column` (week or day) is within the split's whole units (false when there are none). */
function inWhole(column: "week" | "day", split: PeriodSplit) {
  return split.whole ? sql`${sql.ref(column)} >= ${split.whole.from}::date and ${sql.ref(column)} < ${split.whole.to}::date` : sql`false`;
}

export async function ofsByStatus(db: Executor, f: ReportFilters) {
  const { rows } = await sql<{ status: string; n: string }>`
    select status, sum(n) as n from report_status_counts
    where ${rollupFilter(f)}
    group by status having sum(n) <> 0 order by status`.execute(db);
  return rows.map((r) => ({ status: r.status, count: num(r.n) }));
}

export async function ofsByRegion(db: Executor, f: ReportFilters) {
  const { rows } = await sql<{ region: string | null; total: string; datadocke: string }>`
    select region, sum(n) as total, coalesce(sum(n) filter (where status = 'datadocke'), 0) as datadocke
    from report_status_counts
    where ${rollupFilter(f)}
    group by region having sum(n) <> 0 order by region nulls last`.execute(db);
  return rows.map((r) => ({ region: r.region, total: num(r.total), datadocke: num(r.datadocke) }));
}

export async function perWeek(db: Executor, f: ReportFilters) {
  const split = splitWeeks(f.from, f.to);
  const { rows } = await sql<{ week: string; submissions: string; decisions: string }>`
    with s as (
      select week, sum(n) as n from (
        select week, n from report_dossier_weeks
        where scope_id = ${ALL_FUNDERS} and kind = 'submitted' and ${inWhole("week", split)} and ${rollupFilter(f)}
        union all
        select report_week(d.submitted_at), 1 from ${dossiersFrom(f)}
        where ${inEdges(sql`d.submitted_at`, split)} and ${dossierFilter(f, false)}
      ) x group by week having sum(n) <> 0
    ), c as (
      select week, sum(n) as n from (
        select week, n from report_dossier_weeks
        where scope_id = ${f.funderId ?? ALL_FUNDERS} and kind = 'decided' and ${inWhole("week", split)} and ${rollupFilter(f)}
        union all
        select report_week(d.decided_at), 1 from ${dossiersFrom(f)}
        where ${inEdges(sql`d.decided_at`, split)} and ${dossierFilter(f, true)}
      ) x group by week having sum(n) <> 0
    )
    select to_char(coalesce(s.week, c.week), 'YYYY-MM-DD') as week, coalesce(s.n, 0) as submissions, coalesce(c.n, 0) as decisions
    from s full join c on c.week = s.week order by 1`.execute(db);
  return rows.map((r) => ({ week: r.week, submissions: num(r.submissions), decisions: num(r.decisions) }));
}

export async function medianDecisionDays(db: Executor, f: ReportFilters): Promise<number | null> {
  const { rows } = await sql<{ median: string | null }>`
    select percentile_cont(0.5) within group (order by extract(epoch from d.decided_at - d.submitted_at)) / 86400 as median
    from ${dossiersFrom(f)}
    where d.decided_at >= ${f.from} and d.decided_at < ${f.to} and d.submitted_at is not null and ${dossierFilter(f, true)}`.execute(db);
  return rows[0]?.median === null || rows[0]?.median === undefined ? null : Math.round(Number(rows[0].median) * 10) / 10;
}

export async function rejectionRateByIndicator(db: Executor, f: ReportFilters) {
  // Whole weeks from a weekly rollup (the national one without a region), whole days of the partial
  // weeks from the daily one, and the partial days at both ends from the reviews, each looked up
  // with its dossier (offset 0 keeps the lookup per review: a few thousand at most) when filtered.
  const weeks = splitWeeks(f.from, f.to);
  const days = weeks.edges.map(([s, e]) => splitDays(s, e));
  const edges: PeriodSplit = { whole: null, edges: days.flatMap((d) => d.edges) };
  const scope = f.funderId ?? ALL_FUNDERS;
  const scoped = Boolean(f.region || f.referentielId || f.funderId);
  const { rows } = await sql<{ indicator_id: string; total: string; rejected: string }>`
    select indicator_id, sum(total) as total, sum(rejected) as rejected from (
      select indicator_id, total, rejected from ${sql.table(f.region ? "report_review_weeks" : "report_review_weeks_all")}
      where scope_id = ${scope} and ${inWhole("week", weeks)} and ${rollupFilter(f)}
      union all
      select indicator_id, total, rejected from report_review_days
      where scope_id = ${scope} and (${sql.join([sql`false`, ...days.map((d) => inWhole("day", d))], sql` or `)}) and ${rollupFilter(f)}
      union all
      select r.indicator_id, 1, (r.decision <> 'valide')::int
      from indicator_reviews r
      ${scoped ? sql`cross join lateral (select d.referentiel_version_id, d.examiner_id ${f.region ? sql`, o.region` : sql``} from ${dossiersFrom(f)} where d.id = r.dossier_id offset 0) d` : sql``}
      where ${inEdges(sql`r.decided_at`, edges)} and ${scoped ? edgeFilter(f) : sql`true`}
    ) x
    group by indicator_id having sum(total) <> 0`.execute(db);
  return rejectionRatesByCode(db, rows);
}

export async function backlogByAge(db: Executor, f: ReportFilters) {
  const { rows } = await sql<{ bucket: string; n: string }>`
    select case
      when d.submitted_at > now() - interval '7 days' then '0-7'
      when d.submitted_at > now() - interval '30 days' then '7-30'
      when d.submitted_at > now() - interval '90 days' then '30-90'
      else '90+' end as bucket, count(*) as n
    from ${dossiersFrom(f)}
    where d.status in ('soumis', 'en_examen') and ${dossierFilter(f, false)}
    group by 1`.execute(db);
  const order = ["0-7", "7-30", "30-90", "90+"];
  return order.map((bucket) => ({ bucket, count: num(rows.find((r) => r.bucket === bucket)?.n) }));
}

export async function throughputByExaminer(db: Executor, f: ReportFilters) {
  const { rows } = await sql<{ examiner_id: string; name: string; closed: string; datadocke: string }>`
    with c as (
      select d.examiner_id, count(*) as closed, count(*) filter (where d.status = 'datadocke') as datadocke
      from ${dossiersFrom(f)}
      where d.decided_at >= ${f.from} and d.decided_at < ${f.to} and d.examiner_id is not null and ${dossierFilter(f, true)}
      group by d.examiner_id
    )
    select c.examiner_id, u.full_name as name, c.closed, c.datadocke
    from c join users u on u.id = c.examiner_id
    order by c.closed desc, u.full_name, c.examiner_id limit 50`.execute(db);
  return rows.map((r) => ({ examinerId: r.examiner_id, name: r.name, closed: num(r.closed), datadocke: num(r.datadocke) }));
}

/** Everything the dashboard loader needs, in parallel. */
export async function dashboard(db: Executor, f: ReportFilters) {
  const [byStatus, byRegion, weeks, median, rejection, backlog, throughput] = await Promise.all([
    ofsByStatus(db, f),
    ofsByRegion(db, f),
    perWeek(db, f),
    medianDecisionDays(db, f),
    rejectionRateByIndicator(db, f),
    backlogByAge(db, f),
    throughputByExaminer(db, f),
  ]);
  return { byStatus, byRegion, weeks, median, rejection, backlog, throughput };
}
