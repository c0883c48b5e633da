import { sql, type RawBuilder } from "kysely";
import type { Executor } from "../../db/executor";

import type { ReportFilters } from "./report-filters";
import { rejectionRatesByCode } from "./rejection-rates";

/**
 * The dashboard's figures computed straight from the base tables (dossiers, organisations,
 * indicator_reviews), as the page did before the rollups (decision record 013). Not used by the
 * page: the reference the rollup-backed queries in reporting.queries.ts are checked against by the
 * tests and the benchmark. Weeks are UTC weeks, as in the rollups.
 */

function dossierFilter(f: ReportFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.region) parts.push(sql`o.region = ${f.region}`);
  if (f.referentielId)
    parts.push(sql`d.referentiel_version_id in (select id from referentiel_versions where referentiel_id = ${f.referentielId})`);
  if (f.funderId) parts.push(sql`d.examiner_id in (select user_id from memberships where organisation_id = ${f.funderId})`);
  return sql.join(parts, sql` and `);
}

const num = (v: unknown) => Number(v ?? 0);

export async function ofsByStatus(db: Executor, f: ReportFilters) {
  const { rows } = await sql<{ status: string; n: string }>`
    select d.status, count(*) as n
    from dossiers d join organisations o on o.id = d.organisation_id
    where ${dossierFilter({ ...f, funderId: undefined })}
    group by d.status order by d.status`.execute(db);
  return rows.map((r) => ({ status: r.status, count: num(r.n) }));
}

export async function ofsByRegion(db: Executor, f: ReportFilters) {
  const { rows } = await sql<{ region: string | null; total: string; datadocke: string }>`
    select o.region, count(*) as total, count(*) filter (where d.status = 'datadocke') as datadocke
    from dossiers d join organisations o on o.id = d.organisation_id
    where ${dossierFilter({ ...f, funderId: undefined })}
    group by o.region order by o.region nulls last`.execute(db);
  return rows.map((r) => ({ region: r.region, total: num(r.total), datadocke: num(r.datadocke) }));
}

export async function perWeek(db: Executor, f: ReportFilters) {
  const { rows } = await sql<{ week: string; submissions: string; decisions: string }>`
    with s as (
      select report_week(d.submitted_at) as week, count(*) as n
      from dossiers d join organisations o on o.id = d.organisation_id
      where d.submitted_at >= ${f.from} and d.submitted_at < ${f.to} and ${dossierFilter({ ...f, funderId: undefined })}
      group by 1
    ), c as (
      select report_week(d.decided_at) as week, count(*) as n
      from dossiers d join organisations o on o.id = d.organisation_id
      where d.decided_at >= ${f.from} and d.decided_at < ${f.to} and ${dossierFilter(f)}
      group by 1
    )
    select to_char(coalesce(s.week, c.week), 'YYYY-MM-DD') as week, coalesce(s.n, 0) as submissions, coalesce(c.n, 0) as decisions
    from s full join c on c.week = s.week order by 1`.execute(db);
  return rows.map((r) => ({ week: r.week, submissions: num(r.submissions), decisions: num(r.decisions) }));
}

export async function medianDecisionDays(db: Executor, f: ReportFilters): Promise<number | null> {
  const { rows } = await sql<{ median: string | null }>`
    select percentile_cont(0.5) within group (order by extract(epoch from d.decided_at - d.submitted_at)) / 86400 as median
    from dossiers d join organisations o on o.id = d.organisation_id
    where d.decided_at >= ${f.from} and d.decided_at < ${f.to} and d.submitted_at is not null and ${dossierFilter(f)}`.execute(db);
  return rows[0]?.median === null || rows[0]?.median === undefined ? null : Math.round(Number(rows[0].median) * 10) / 10;
}

export async function rejectionRateByIndicator(db: Executor, f: ReportFilters) {
  // Without dossier-level filters the join to dossiers and organisations is skipped (1 row per review at national scale).
  const scoped = Boolean(f.region || f.referentielId || f.funderId);
  const { rows } = await sql<{ indicator_id: string; total: string; rejected: string }>`
    select r.indicator_id, count(*) as total, count(*) filter (where r.decision <> 'valide') as rejected
    from indicator_reviews r
    ${scoped ? sql`join dossiers d on d.id = r.dossier_id join organisations o on o.id = d.organisation_id` : sql``}
    where r.decided_at >= ${f.from} and r.decided_at < ${f.to} and ${scoped ? dossierFilter(f) : sql`true`}
    group by r.indicator_id`.execute(db);
  return rejectionRatesByCode(db, rows);
}

export async function backlogByAge(db: Executor, f: ReportFilters) {
  const { rows } = await sql<{ bucket: string; n: string }>`
    select case
      when d.submitted_at > now() - interval '7 days' then '0-7'
      when d.submitted_at > now() - interval '30 days' then '7-30'
      when d.submitted_at > now() - interval '90 days' then '30-90'
      else '90+' end as bucket, count(*) as n
    from dossiers d join organisations o on o.id = d.organisation_id
    where d.status in ('soumis', 'en_examen') and ${dossierFilter({ ...f, funderId: undefined })}
    group by 1`.execute(db);
  const order = ["0-7", "7-30", "30-90", "90+"];
  return order.map((bucket) => ({ bucket, count: num(rows.find((r) => r.bucket === bucket)?.n) }));
}

export async function throughputByExaminer(db: Executor, f: ReportFilters) {
  const { rows } = await sql<{ examiner_id: string; name: string; closed: string; datadocke: string }>`
    select d.examiner_id, min(u.full_name) as name, count(*) as closed, count(*) filter (where d.status = 'datadocke') as datadocke
    from dossiers d join organisations o on o.id = d.organisation_id join users u on u.id = d.examiner_id
    where d.decided_at >= ${f.from} and d.decided_at < ${f.to} and ${dossierFilter(f)}
    group by d.examiner_id order by closed desc, name, d.examiner_id limit 50`.execute(db);
  return rows.map((r) => ({ examinerId: r.examiner_id, name: r.name, closed: num(r.closed), datadocke: num(r.datadocke) }));
}

/** Every figure of the page, computed directly. */
export async function directDashboard(db: Executor, f: ReportFilters) {
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
