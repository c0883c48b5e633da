import { createDatabase, type DatabaseHandle } from "../../db/client";
import { searchDirectory, type DirectoryFilters } from "../../domain/organisations/directory.queries";
import { isMain, machine, markdownTable, option, percentile, round, writeResults } from "./lib";

/**
 * The directory's search at national scale (decision 040; issue 15: p95 under 100 ms on PostgreSQL at
 * 60,000 OFs): p50/p95 of searchDirectory — the page's queries, count included (up to 1,000 beyond the
 * offset, decision record 049) — for what a funder types: an exact name, a misspelt one, a SIRET prefix,
 * a city, a region, a status word with a region and alone, a word every OF shares (first page and page
 * 20), and no text in the city order (ascending and descending) and the status order.
 *
 *   DATABASE_URL=postgres://…/datadock_scale [PGLITE_DIR=/path/to/DATA_DIR/pglite] \
 *     npm exec -- node --import tsx tests/bench/directory-search.ts [--runs 50]
 * Seed first with `npm run seed:scale` (names "Organisme N", SIRET 8…, cities "Ville N").
 * Results: tests/bench/results/directory-search.{json,md}.
 */

interface Row {
  driver: string;
  ofs: number;
  scenario: string;
  /** Matches as the page counts them: up to 1,000 beyond the offset, then "1000+" (decision record 049). */
  matches: string;
  p50: number;
  p95: number;
}

const SCENARIOS: Record<string, DirectoryFilters> = {
  "exact name": { q: "Organisme 12345" },
  "misspelt name": { q: "Organsime 12345" },
  "SIRET prefix": { q: "800000000123" },
  city: { q: "ville 42" },
  region: { q: "bretagne" },
  "status word + region": { q: "datadocké bretagne" },
  "every OF (worst case)": { q: "organisme" },
  "no text, sorted by city": { sort: "city" },
  "no text, city descending": { sort: "city", descending: true },
  "every OF, page 20": { q: "organisme", offset: 950 },
  "status word": { q: "datadocké" },
  "no text, sorted by status": { sort: "status" },
};

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function measure(label: string, handle: DatabaseHandle, runs: number): Promise<Row[]> {
  const db = handle.db;
  const counted = await db
    .selectFrom("organisations")
    .where("kind", "=", "of")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  const ofs = Number(counted.n);
  console.error(`directory search: ${label}, ${ofs} OFs, ${runs} runs`);
  const rows: Row[] = [];
  for (const [scenario, filters] of Object.entries(SCENARIOS)) {
    const first = await searchDirectory(db, { limit: 50, ...filters }); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push(await time(() => searchDirectory(db, { limit: 50, ...filters })));
    const row = {
      driver: label,
      ofs,
      scenario,
      matches: `${first.total}${first.totalCapped ? "+" : ""}`,
      p50: round(percentile(samples, 50)),
      p95: round(percentile(samples, 95)),
    };
    rows.push(row);
    console.error(`  ${scenario.padEnd(28)} ${row.matches.padStart(6)} matches  p50 ${row.p50} ms  p95 ${row.p95} ms`);
  }
  return rows;
}

export async function directorySearch(): Promise<Row[]> {
  const runs = option("runs", "DIRECTORY_RUNS", 50);
  const rows: Row[] = [];
  if (process.env.DATABASE_URL) {
    const handle = createDatabase({ databaseUrl: process.env.DATABASE_URL });
    try {
      rows.push(...(await measure("PostgreSQL", handle, runs)));
    } finally {
      await handle.close();
    }
  }
  if (process.env.PGLITE_DIR) {
    const handle = createDatabase({ pgliteDir: process.env.PGLITE_DIR });
    try {
      rows.push(...(await measure("PGlite", handle, runs)));
    } finally {
      await handle.close();
    }
  }
  if (rows.length === 0) throw new Error("Set DATABASE_URL and/or PGLITE_DIR to a database seeded with npm run seed:scale.");
  let md = `### Directory search at scale (tests/bench/directory-search.ts, ${runs} runs per scenario)\n\n`;
  md +=
    "Time of searchDirectory (the page: 50 rows and the count of the matches, up to 1,000 beyond the page's offset — 1000+ when more match). Target: p95 < 100 ms on PostgreSQL.\n\n";
  md += markdownTable(
    ["database", "OFs", "search", "matches", "p50 (ms)", "p95 (ms)"],
    rows.map((r) => [r.driver, r.ofs, r.scenario, r.matches, r.p50, r.p95]),
  );
  writeResults("directory-search", { date: new Date().toISOString(), machine: machine(), runs, rows }, md);
  console.log(md);
  return rows;
}

if (isMain(import.meta.url)) {
  directorySearch().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
