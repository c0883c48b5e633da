/**
 * Cold start: `node dist/server.js` (what `npm start` runs once the builds exist) on a
 * fresh DATA_DIR with PGlite, to /readyz 200: the first run (initdb, migrations, demo seed) and later
 * runs on the same data.   npm exec -- node --import tsx tests/bench/cold-start.ts [--runs 5]
 * Later runs: median (min–max). The server is pinned to the server core (taskset), as in the other parts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../setup/server-process";
import {
  isMain,
  markdownTable,
  option,
  pinServer,
  procSample,
  round,
  runRecord,
  runRecordMarkdown,
  showSpread,
  spread,
  writeResults,
} from "./lib";

export async function coldStart() {
  const record = runRecord();
  pinServer(process.pid); // the servers started below inherit the server core from the start
  const runs = option("runs", "BENCH_COLD_RUNS", record.rounds);
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL; // PGlite, as `npm start` without configuration
  const dataDir = mkdtempSync(join(tmpdir(), "datadock-cold-"));
  const rows: { run: string; seconds: number; rssMiB: number }[] = [];
  try {
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const server = await startServer({ dataDir });
      const seconds = (performance.now() - t0) / 1000;
      const rss = procSample(server.proc.pid!).rssMiB;
      const code = await server.stop();
      if (code !== 0) throw new Error(`server stopped with ${code}`);
      rows.push({ run: i === 0 ? "first run (fresh DATA_DIR)" : `later run ${i}`, seconds: round(seconds, 2), rssMiB: round(rss, 0) });
      console.error(`cold start: ${rows.at(-1)!.run}: ${rows.at(-1)!.seconds} s`);
    }
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
    rmSync(dataDir, { recursive: true, force: true });
  }
  let md = "### Cold start to /readyz 200 (PGlite, production build)\n\n";
  md += markdownTable(
    ["run", "seconds", "RSS at ready (MiB)"],
    rows.map((r) => [r.run, r.seconds, r.rssMiB]),
  );
  const later = spread(
    rows.slice(1).map((r) => r.seconds),
    2,
  );
  md += `\n\nLater runs: ${showSpread(later)} s (median (min–max)). The server runs on the server core from its first instruction (it inherits this process's affinity).\n\n${runRecordMarkdown(record)}`;
  writeResults("cold-start", { ...record, rows, firstRunSeconds: rows[0]?.seconds, laterRunsSeconds: later }, md);
  console.log(md);
  return rows;
}

if (isMain(import.meta.url)) {
  coldStart().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
