import { createDatabase } from "../../db/client";
import { dashboard, type ReportFilters } from "../../domain/reporting/reporting.queries";
import * as q from "../../domain/reporting/reporting.queries";

/**
 * p50/p95 of the reporting dashboard's queries and of the whole loader (all of them in parallel).
 * DATABASE_URL=postgres://… node --import tsx tests/bench/reporting.ts [runs]
 */
const RUNS = Number(process.argv[2] ?? 30);

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main() {
  const url = process.env.DATABASE_URL;
  const database = createDatabase({ databaseUrl: url, pgliteDir: process.env.PGLITE_DIR ?? "memory://", poolSize: 10 });
  const db = database.db;
  const day = 86_400_000;
  const region = (await db.selectFrom("organisations").select("region").where("kind", "=", "of").where("region", "is not", null).executeTakeFirst())?.region ?? undefined;
  const scenarios: Record<string, ReportFilters> = {
    "12 months": { from: new Date(Date.now() - 365 * day), to: new Date() },
    "24 months + region": { from: new Date(Date.now() - 730 * day), to: new Date(), region: region ?? undefined },
  };
  const ofs = await db.selectFrom("organisations").select((eb) => eb.fn.countAll<string>().as("n")).where("kind", "=", "of").executeTakeFirstOrThrow();
  console.log(`driver=${database.driver} OFs=${ofs.n} runs=${RUNS}`);
  const queries = {
    ofsByStatus: q.ofsByStatus,
    ofsByRegion: q.ofsByRegion,
    perWeek: q.perWeek,
    medianDecisionDays: q.medianDecisionDays,
    rejectionRateByIndicator: q.rejectionRateByIndicator,
    backlogByAge: q.backlogByAge,
    throughputByExaminer: q.throughputByExaminer,
  };
  for (const [name, filters] of Object.entries(scenarios)) {
    await dashboard(db, filters); // warm-up
    console.log(`\n${name}`);
    for (const [qn, fn] of Object.entries(queries)) {
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await time(() => fn(db, filters)));
      console.log(`  ${qn.padEnd(26)} p50 ${pct(samples, 50).toFixed(1).padStart(7)} ms   p95 ${pct(samples, 95).toFixed(1).padStart(7)} ms`);
    }
    const loader: number[] = [];
    for (let i = 0; i < RUNS; i++) loader.push(await time(() => dashboard(db, filters)));
    console.log(`  ${"dashboard loader (all)".padEnd(26)} p50 ${pct(loader, 50).toFixed(1).padStart(7)} ms   p95 ${pct(loader, 95).toFixed(1).padStart(7)} ms`);
  }
  await database.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
