/**
 * `npm run bench`: every part in turn, each also runnable alone (see its header), results as JSON and
 * markdown in tests/bench/results/ and a summary in tests/bench/results/README.md.
 *
 *   npm run bench [-- --only fanout,portal,cold,capacity,latency] [--rounds 5] [--duration S] [--no-pin]
 *                 [--editors 20 --viewers 100 --rate 5] [--sockets 10000] [--steps 5x5,10x10,25x10,50x10,100x10,200x10,300x10]
 *                 [--decisions 50] [--profile DIR] [--reporting]
 * Every comparison runs in interleaved rounds (the order rotated each round), figures as median (min–max);
 * --duration is the measuring window of each run (fan-out 20 s, portal 5 s, capacity step 8 s by default).
 * `npm run bench -- --rounds 2 --duration 3` is a quick functional run. Afterwards:
 * `node scripts/bench-readme.mjs` regenerates the README's figures from the result files.
 * DATABASE_URL (an admin URL, e.g. postgres://postgres@127.0.0.1:5432/postgres) → each part creates and drops
 * its own fresh database; without it, PGlite. REDIS_URL → our collab server relays through Redis.
 * The live latency part (latency: a decision → a second reviewer's page, two instances) needs both; without
 * them it is skipped (and says so).
 * --reporting runs tests/bench/reporting.ts against REPORTING_DATABASE_URL (or DATABASE_URL): a database
 * seeded with `npm run seed:scale`.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { collabFanout, fanoutOptions } from "./collab-fanout";
import { portal } from "./portal";
import { coldStart } from "./cold-start";
import { capacity } from "./capacity";
import { liveLatency } from "./live-latency";
import { RESULTS_DIR, REPO_ROOT, flag, option, runRecord } from "./lib";

process.setMaxListeners(0);

const PARTS = ["fanout", "portal", "cold", "capacity", "latency"] as const;

async function seededOfs(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: string }>("select count(*) as n from organisations where kind = 'of'");
    return Number(rows[0]?.n ?? 0);
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => {});
  }
}

async function main() {
  const record = runRecord();
  const only = option("only", "BENCH_ONLY", PARTS.join(",")).split(",");
  const ran: string[] = [];
  if (only.includes("fanout")) {
    await collabFanout(fanoutOptions());
    ran.push("collab-fanout");
  }
  if (only.includes("portal")) {
    await portal();
    ran.push("portal");
  }
  if (only.includes("cold")) {
    await coldStart();
    ran.push("cold-start");
  }
  if (only.includes("capacity")) {
    await capacity();
    ran.push("capacity");
  }
  if (only.includes("latency")) {
    if (process.env.DATABASE_URL && process.env.REDIS_URL) {
      await liveLatency();
      ran.push("live-latency");
    } else console.log("\nLive latency: not run (needs DATABASE_URL and REDIS_URL: two instances share PostgreSQL and Redis).");
  }

  const reportingUrl = process.env.REPORTING_DATABASE_URL ?? process.env.DATABASE_URL;
  let reporting = "";
  if (flag("reporting") && reportingUrl && (await seededOfs(reportingUrl)) >= 1000) {
    const run = spawnSync(process.execPath, ["--import", "tsx", "tests/bench/reporting.ts"], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: reportingUrl },
      encoding: "utf8",
    });
    reporting = `### Reporting at scale (tests/bench/reporting.ts)\n\n\`\`\`\n${run.stdout}${run.stderr}\`\`\``;
    writeFileSync(join(RESULTS_DIR, "reporting.md"), `${reporting}\n`);
    console.log(reporting);
  } else {
    console.log(
      "\nReporting at scale: not run (needs --reporting and a database seeded with the 60,000-OF data):\n" +
        "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/datadock_scale npm run seed:scale\n" +
        "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/datadock_scale npm exec -- node --import tsx tests/bench/reporting.ts\n" +
        "  (or: REPORTING_DATABASE_URL=… npm run bench -- --reporting)",
    );
  }

  // Summary of the latest result of every part (parts not run this time keep their previous file).
  const sections = ["collab-fanout", "portal", "cold-start", "capacity", "live-latency", "reporting"]
    .map((name) => join(RESULTS_DIR, `${name}.md`))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, "utf8").trim());
  const header =
    `# Benchmark results\n\nLatest \`npm run bench\` (${new Date().toISOString().slice(0, 10)}; parts run this time: ${ran.join(", ") || "none"}). ` +
    `Database: ${process.env.DATABASE_URL ? "PostgreSQL (a fresh database per part)" : "PGlite"}; Redis relay: ${process.env.REDIS_URL ? "on" : "off"}. ` +
    `Each part's own record (machine, load average, command) is under its table; JSON beside each table.\n\nSummary written by \`${record.command}\` at ${record.date}.\n`;
  writeFileSync(join(RESULTS_DIR, "README.md"), `${header}\n${sections.join("\n\n")}\n`);
  console.log(`\nResults in ${RESULTS_DIR}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
