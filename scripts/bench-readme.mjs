/**
 * The README's benchmark figures, generated from the committed result files (tests/bench/results/*.json),
 * never typed by hand: `node scripts/bench-readme.mjs` rewrites the block between
 * `<!-- bench:start -->` and `<!-- bench:end -->` in README.md; `--check` exits 1 when it differs.
 * tests/unit/bench-readme.test.ts checks the committed README against this script.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const START = "<!-- bench:start -->";
export const END = "<!-- bench:end -->";

function readResult(resultsDir, name) {
  const file = join(resultsDir, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
}

const s = (x) => (x ? `${x.median} (${x.min}–${x.max})` : "—");
const thousands = (n) => (Number.isFinite(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",") : String(n));
const sr = (x) => (x ? `${thousands(x.median)} (${thousands(x.min)}–${thousands(x.max)})` : "—");
const verdict = (ok) => (ok ? "met" : "not met");

/** "2026-12-01, 5 rounds, load 0.4, pinned" — how a figure was measured. */
function how(result) {
  if (!result?.rounds) return `${result?.date?.slice(0, 10) ?? "?"}, one run (not in rounds)`;
  const load = result.machine?.loadAverageAtStart?.[0];
  return `${result.date.slice(0, 10)}, ${result.rounds} rounds, load ${load}, ${result.pinning?.enabled ? "pinned" : "not pinned"}`;
}

function fanoutRow(fanout) {
  if (!fanout?.summaries) return null;
  const ours = fanout.summaries.find((x) => x.target.startsWith("datadock"));
  const others = fanout.summaries.filter((x) => x !== ours);
  const ref = fanout.ratios?.find((r) => r.vs.startsWith("@y/websocket-server"));
  const o = fanout.options;
  const lat = (x) => `p50 ${s(x.p50)} / p99 ${s(x.p99)} ms, CPU ${s(x.serverCpuPercent)} %, RSS ${s(x.serverRssPeakMiB)} MiB`;
  return [
    `Collab fan-out, ${o.editors} editors × ${o.rate} upd/s + ${o.viewers} viewers (${how(fanout)})`,
    ours ? lat(ours) : "—",
    others.map((x) => `${x.target}: ${lat(x)}`).join("; ") || "—",
    ref
      ? `p99 ≤ 1.2×: **${ref.p99}×, ${verdict(ref.p99 <= 1.2)}**; CPU ≤ 1.3×: **${ref.cpu}×, ${verdict(ref.cpu <= 1.3)}**; RSS ≤ 1.5×: **${ref.rss}×, ${verdict(ref.rss <= 1.5)}**`
      : "—",
  ];
}

function capacityRows(capacity) {
  if (!capacity?.rounds) return [];
  const rows = [];
  if (capacity.steps?.length) {
    const largest = capacity.largestPassing;
    const failed = capacity.steps.find((x) => !x.pass);
    rows.push([
      `Capacity: documents × clients with median p99 < 100 ms (${how(capacity)})`,
      largest ? `${largest.documents} × ${largest.clientsPerDocument} (p99 ${s(largest.p99)} ms)` : "none",
      failed
        ? `first failing step ${failed.documents} × ${failed.clientsPerDocument} (p99 ${s(failed.p99)} ms)`
        : `no step failed (largest tried: ${capacity.steps.at(-1).documents} × ${capacity.steps.at(-1).clientsPerDocument})`,
      largest ? `≥ 100 × 10: **${verdict(largest.documents * largest.clientsPerDocument >= 1000)}**` : "≥ 100 × 10: **not met**",
    ]);
  }
  if (capacity.idle) {
    const i = capacity.idle;
    rows.push([
      `${thousands(i.sockets)} idle authenticated collab sockets`,
      `RSS ${i.rssBaselineMiB} → ${i.rssWithSocketsMiB} MiB (${i.kibPerSocket} KiB/socket)`,
      "—",
      `< 1 GB: **${verdict(i.sockets >= 10_000 && i.rssWithSocketsMiB < 1024)}**`,
    ]);
  }
  return rows;
}

function portalRow(portal) {
  if (!portal?.routes) return null;
  const by = Object.fromEntries(portal.routes.map((r) => [r.key, r]));
  const room = by["review-room"];
  const r = portal.ratios;
  return [
    `Portal req/s, autocannon ${portal.connections} connections (${how(portal)})`,
    `review room ${sr(room?.requestsPerSecond)}, p99 ${s(room?.latencyMs?.p99)} ms`,
    `\`/login\` ${sr(by.login?.requestsPerSecond)}; \`/healthz\` ${sr(by.healthz?.requestsPerSecond)}`,
    `room / login ≥ 0.5: **${r.reviewRoomOverLogin}, ${verdict(r.reviewRoomOverLogin >= 0.5)}**; login / healthz ≥ 0.25: **${r.loginOverHealthz}, ${verdict(r.loginOverHealthz >= 0.25)}**`,
  ];
}

function latencyRow(latency) {
  if (!latency?.latencyMs) return null;
  const l = latency.latencyMs;
  const kind = (x) => (x ? `median ${x.median} / p95 ${x.p95} ms` : "—");
  return [
    `Live latency, decision → second reviewer's page (PostgreSQL, 2 instances, Redis), Chromium (${latency.date.slice(0, 10)}, load ${latency.machine.loadAverageAtStart[0]}, one run)`,
    `median ${l.median} ms, p95 ${l.p95} ms (${l.min}–${l.max} ms) over ${l.count} decisions`,
    `valide (no reason) ${kind(latency.byDecision?.valide)}; with a reason ${kind(latency.byDecision?.withReason)}; the POST itself median ${latency.postMs.median} ms`,
    "reported",
  ];
}

function coldRow(cold) {
  if (!cold?.laterRunsSeconds) return null;
  return [
    `Cold start, \`npm start\` → \`/readyz\` 200, PGlite (${how(cold)})`,
    `first run (migrations + demo seed) ${cold.firstRunSeconds} s; later runs ${s(cold.laterRunsSeconds)} s`,
    "—",
    "reported",
  ];
}

function reportingRow(reporting) {
  if (!reporting?.rows?.length) return null;
  const drivers = [...new Set(reporting.rows.map((r) => r.driver))];
  const parts = drivers.map((d) => {
    const rows = reporting.rows.filter((r) => r.driver === d);
    const p95 = rows.map((r) => r.loaderP95);
    return `${d} (${thousands(rows[0].ofs)} OFs) p95 ${Math.min(...p95)}–${Math.max(...p95)} ms`;
  });
  const direct = Math.max(...reporting.rows.map((r) => r.directP50));
  const worst = Math.max(...reporting.rows.map((r) => r.loaderP95));
  return [
    `Reporting loader, ${reporting.rows.length} filter sets × ${reporting.runs} runs (${reporting.date.slice(0, 10)})`,
    parts.join("; "),
    `the direct queries: up to ${thousands(Math.round(direct))} ms p50`,
    `p95 < 300 ms: **${verdict(worst < 300)}**`,
  ];
}

function directoryRow(search) {
  const rows = search?.rows?.filter((r) => r.driver === "PostgreSQL") ?? [];
  if (!rows.length) return null;
  const worst = rows.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  const misspelt = rows.find((r) => r.scenario === "misspelt name");
  const load = search.machine?.loadAverageAtStart?.[0];
  return [
    `Directory search, PostgreSQL, ${thousands(rows[0].ofs)} OFs, ${rows.length} searches × ${search.runs} runs (${search.date.slice(0, 10)}${load === undefined ? "" : `, load ${load}`})`,
    `p95 ${Math.min(...rows.map((r) => r.p95))}–${worst.p95} ms (worst: ${worst.scenario})${misspelt ? `; misspelt name p95 ${misspelt.p95} ms` : ""}`,
    "—",
    `p95 < 100 ms: **${verdict(worst.p95 < 100)}**`,
  ];
}

function roomWeightRow(weight) {
  if (!weight?.first) return null;
  const kib = (bytes) => `${Math.round(bytes / 102.4) / 10} KiB`;
  return [
    `Review room on the wire, Chromium, compressed (${weight.date.slice(0, 10)})`,
    `opening (cache off) ${kib(weight.first.totalBytes)}, of which scripts ${kib(weight.first.byKind.script)}; next indicator ${kib(weight.next.totalBytes)}`,
    `${weight.first.requests} requests on opening, ${weight.next.requests} for the next indicator`,
    `pdf.js only when a PDF is shown: **${verdict(!weight.pdfjsOnFirstLoad)}**`,
  ];
}

function walkthroughRow(walk) {
  if (!walk?.steps?.length) return null;
  const slowest = walk.steps.reduce((a, b) => (b.ms > a.ms ? b : a));
  const search = walk.steps[0];
  return [
    `Issue 15's walkthrough in Chromium, ${thousands(walk.ofs)} OFs, PostgreSQL (${walk.date.slice(0, 10)}, load ${walk.machine.loadAverageAtStart[0]}, one run)`,
    walk.steps.map((x) => `${x.ms} ms`).join(", ") + ` (${walk.steps.length} steps: tests/bench/results/walkthrough.md)`,
    `slowest: ${slowest.step.split(" (")[0]}`,
    `misspelt name found in under a second: **${verdict(search.ms < 1000)}** (${search.ms} ms)`,
  ];
}

/** The markdown block (without the markers) for the given results directory. */
export function benchReadmeBlock(resultsDir = join(ROOT, "tests", "bench", "results")) {
  const rows = [
    fanoutRow(readResult(resultsDir, "collab-fanout")),
    ...capacityRows(readResult(resultsDir, "capacity")),
    portalRow(readResult(resultsDir, "portal")),
    latencyRow(readResult(resultsDir, "live-latency")),
    roomWeightRow(readResult(resultsDir, "room-weight")),
    directoryRow(readResult(resultsDir, "directory-search")),
    walkthroughRow(readResult(resultsDir, "walkthrough")),
    reportingRow(readResult(resultsDir, "reporting")),
    coldRow(readResult(resultsDir, "cold-start")),
  ].filter(Boolean);
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [
    "<!-- prettier-ignore-start -->",
    "Generated by `node scripts/bench-readme.mjs` from `tests/bench/results/*.json`; cells are median (min–max) over",
    "interleaved rounds, ratios are ratios of medians. A figure measured on a loaded machine says so (load average at start).",
    "",
    line(["What", "Ours", "Compared with", "Target"]),
    line(["---", "---", "---", "---"]),
    ...rows.map(line),
    "<!-- prettier-ignore-end -->",
  ].join("\n");
}

/** README text with the block between the markers replaced. */
export function withBenchBlock(readme, block) {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} block`);
  return `${readme.slice(0, from + START.length)}\n${block}\n${readme.slice(to)}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const path = join(ROOT, "README.md");
  const readme = readFileSync(path, "utf8");
  const next = withBenchBlock(readme, benchReadmeBlock());
  if (process.argv.includes("--check")) {
    if (next !== readme) {
      console.error("README.md's benchmark block is stale: run `node scripts/bench-readme.mjs`");
      process.exit(1);
    }
  } else if (next !== readme) {
    writeFileSync(path, next);
    console.log("README.md: benchmark block rewritten");
  }
}
