import { isDeepStrictEqual } from "node:util";
import { createDatabase, type DatabaseHandle } from "../../db/client";
import { reportingPage } from "../../domain/reporting/reporting-page";
import * as q from "../../domain/reporting/reporting.queries";
import { directDashboard } from "../../domain/reporting/reporting-direct.queries";
import type { ReportFilters } from "../../domain/reporting/report-filters";
import { isMain, markdownTable, option, percentile, round, runRecord, writeResults } from "./lib";

/**
 * The funders' reporting page at national scale: p50/p95 of the real loader (reportingPage: every
 * dashboard query, the filter options and the funders, in parallel, as app/routes/financeur.rapports.tsx
 * runs them) for every filter the page offers, and of each dashboard query alone. Each scenario is also
 * computed from the base tables once (reporting-direct.queries.ts) to check the rollups give the same
 * figures, and its direct time is shown for comparison.
 *
 *   DATABASE_URL=postgres://…/datadock_scale [PGLITE_DIR=/path/to/DATA_DIR/pglite] \
 *     npm exec -- node --import tsx tests/bench/reporting.ts [--runs 30]
 * Seed first with `npm run seed:scale` (PostgreSQL: 60,000 OFs; PGlite: e.g. `npm run seed:scale -- 10000`
 * with DATA_DIR set). Results: tests/bench/results/reporting.{json,md}.
 */

interface Row {
  driver: string;
  ofs: number;
  scenario: string;
  loaderP50: number;
  loaderP95: number;
  slowestQuery: string;
  slowestP95: number;
  directP50: number;
  matchesDirect: boolean;
}

const DAY = 86_400_000;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** The page's filter combinations: three periods (the default one as reportFilters builds it, others as form dates) × region, référentiel, funder. */
async function scenarios(handle: DatabaseHandle): Promise<Record<string, ReportFilters>> {
  const db = handle.db;
  const region =
    (await db.selectFrom("organisations").select("region").where("kind", "=", "of").where("region", "is not", null).executeTakeFirst())
      ?.region ?? undefined;
  const referentielId = (
    await db
      .selectFrom("referentiels")
      .innerJoin("referentiel_versions", "referentiel_versions.referentiel_id", "referentiels.id")
      .innerJoin("dossiers", "dossiers.referentiel_version_id", "referentiel_versions.id")
      .select("referentiels.id")
      .executeTakeFirst()
  )?.id;
  const funderId = (
    await db
      .selectFrom("memberships")
      .innerJoin("dossiers", "dossiers.examiner_id", "memberships.user_id")
      .select("memberships.organisation_id")
      .executeTakeFirst()
  )?.organisation_id;
  const now = Date.now();
  const formDate = (daysAgo: number) => new Date(new Date(now - daysAgo * DAY).toISOString().slice(0, 10));
  const periods: Record<string, { from: Date; to: Date }> = {
    "12 months (default)": { from: new Date(now - 365 * DAY), to: new Date(now + DAY) },
    "24 months": { from: formDate(730), to: formDate(-1) },
    "1 month": { from: formDate(30), to: formDate(-1) },
  };
  const filters: Record<string, Partial<ReportFilters>> = {
    "": {},
    " + region": { region },
    " + référentiel": { referentielId },
    " + funder": { funderId },
    " + region + référentiel + funder": { region, referentielId, funderId },
  };
  const out: Record<string, ReportFilters> = {};
  for (const [p, period] of Object.entries(periods))
    for (const [k, extra] of Object.entries(filters)) out[`${p}${k}`] = { ...period, ...extra };
  out["10 days + region"] = { from: formDate(10), to: formDate(-1), region };
  return out;
}

const QUERIES = {
  ofsByStatus: q.ofsByStatus,
  ofsByRegion: q.ofsByRegion,
  perWeek: q.perWeek,
  medianDecisionDays: q.medianDecisionDays,
  rejectionRateByIndicator: q.rejectionRateByIndicator,
  backlogByAge: q.backlogByAge,
  throughputByExaminer: q.throughputByExaminer,
};

async function measure(label: string, handle: DatabaseHandle, runs: number, directRuns: number): Promise<Row[]> {
  const queryRuns = Math.max(5, Math.round(runs / 3));
  const db = handle.db;
  const ofs = Number(
    (
      await db
        .selectFrom("organisations")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("kind", "=", "of")
        .executeTakeFirstOrThrow()
    ).n,
  );
  console.error(`reporting: ${label} (${handle.driver}), ${ofs} OFs, ${runs} runs`);
  const rows: Row[] = [];
  for (const [scenario, filters] of Object.entries(await scenarios(handle))) {
    const page = await reportingPage(db, filters); // warm-up, and the figures to check
    const direct: number[] = [];
    let reference: unknown;
    for (let i = 0; i < directRuns; i++) direct.push(await time(async () => (reference = await directDashboard(db, filters))));
    const loader: number[] = [];
    for (let i = 0; i < runs; i++) loader.push(await time(() => reportingPage(db, filters)));
    let slowestQuery = "";
    let slowestP95 = 0;
    for (const [name, fn] of Object.entries(QUERIES)) {
      const samples: number[] = [];
      for (let i = 0; i < queryRuns; i++) samples.push(await time(() => fn(db, filters)));
      const p95 = percentile(samples, 95);
      if (p95 > slowestP95) [slowestQuery, slowestP95] = [name, p95];
    }
    const row: Row = {
      driver: label,
      ofs,
      scenario,
      loaderP50: round(percentile(loader, 50)),
      loaderP95: round(percentile(loader, 95)),
      slowestQuery,
      slowestP95: round(slowestP95),
      directP50: round(percentile(direct, 50)),
      matchesDirect: isDeepStrictEqual(page.data, reference),
    };
    rows.push(row);
    console.error(
      `  ${scenario.padEnd(44)} loader p50 ${String(row.loaderP50).padStart(6)} ms  p95 ${String(row.loaderP95).padStart(6)} ms  (direct p50 ${row.directP50} ms, same figures: ${row.matchesDirect})`,
    );
  }
  return rows;
}

export async function reporting(): Promise<Row[]> {
  const { rounds: _rounds, pinning: _pinning, ...record } = runRecord(); // one process, no comparison between servers
  const runs = option("runs", "REPORTING_RUNS", 30);
  const directRuns = option("direct-runs", "REPORTING_DIRECT_RUNS", 3);
  const rows: Row[] = [];
  const url = process.env.DATABASE_URL;
  if (url) {
    const handle = createDatabase({ databaseUrl: url });
    try {
      rows.push(...(await measure("PostgreSQL", handle, runs, directRuns)));
    } finally {
      await handle.close();
    }
  }
  const pgliteDir = process.env.PGLITE_DIR;
  if (pgliteDir) {
    const handle = createDatabase({ pgliteDir });
    try {
      rows.push(...(await measure("PGlite", handle, runs, directRuns)));
    } finally {
      await handle.close();
    }
  }
  if (rows.length === 0) throw new Error("Set DATABASE_URL and/or PGLITE_DIR to a database seeded with npm run seed:scale.");
  let md = `### Reporting page loader at scale (tests/bench/reporting.ts, ${runs} runs per scenario)\n\n`;
  md +=
    "Loader = every dashboard query + filter options + funders, in parallel (pool of 10 on PostgreSQL; PGlite is one connection). " +
    "Slowest query = the dashboard query with the highest p95 when run alone (a third of the runs). Direct = the same figures from the base tables (before the rollups).\n\n";
  md += markdownTable(
    ["database", "OFs", "filters", "loader p50 (ms)", "loader p95 (ms)", "slowest query (p95 ms)", "direct p50 (ms)", "same figures"],
    rows.map((r) => [
      r.driver,
      r.ofs,
      r.scenario,
      r.loaderP50,
      r.loaderP95,
      `${r.slowestQuery} (${r.slowestP95})`,
      r.directP50,
      r.matchesDirect ? "yes" : "NO",
    ]),
  );
  writeResults("reporting", { ...record, runs, rows }, md);
  console.log(md);
  return rows;
}

if (isMain(import.meta.url)) {
  reporting().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
