/**
 * Portal throughput: autocannon on the examination page of a demo dossier (signed in as alice), on a
 * trivial Remix route of the same server (GET /login, anonymous: root loader + a small form) and on
 * /healthz (Express only): req/s, latency p50/p99, and the ratios page / trivial routes.
 *
 *   npm exec -- node --import tsx tests/bench/portal.ts [--connections 10] [--seconds 10] [--profile /tmp/portal-prof]
 * --profile DIR: the server runs with `node --cpu-prof` and writes its .cpuprofile to DIR on exit
 * (open it in Chrome DevTools, Performance tab, or speedscope).
 * DATABASE_URL (admin URL) → a fresh PostgreSQL database; else PGlite.
 */
// @ts-expect-error autocannon ships no types
import autocannon from "autocannon";
import { startServer } from "../setup/server-process";
import { demoDossierId, freshPostgres, isMain, login, machine, markdownTable, option, processMonitor, round, writeResults } from "./lib";

interface Run {
  route: string;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  serverCpuPercent: number;
  serverRssPeakMiB: number;
}

async function cannon(url: string, headers: Record<string, string>, connections: number, seconds: number) {
  const result = await autocannon({ url, headers, connections, duration: seconds, pipelining: 1 });
  return result as {
    requests: { average: number };
    latency: { p50: number; p99: number; max: number };
    non2xx: number;
    errors: number;
  };
}

export async function portal() {
  const connections = option("connections", "BENCH_CONNECTIONS", 10);
  const seconds = option("seconds", "BENCH_SECONDS", 10);
  const database = await freshPostgres();
  const profileDir = option("profile", "BENCH_PROFILE", "");
  const server = await startServer({
    env: database ? { DATABASE_URL: database.url } : {},
    nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
  });
  try {
    const alice = await login(server.url, "alice@financeur-a.demo");
    const dossierId = await demoDossierId(alice);
    const page = `/financeur/examens/${dossierId}`;
    const check = await alice.get(page);
    await check.arrayBuffer();
    if (check.status !== 200) throw new Error(`${page} answered ${check.status}`);
    const runs: Run[] = [];
    for (const [label, path, headers] of [
      ["examination page (alice)", page, { cookie: alice.cookieHeader() }],
      ["/login (trivial Remix route)", "/login", {}],
      ["/healthz (Express only)", "/healthz", {}],
    ] as const) {
      await cannon(`${server.url}${path}`, headers, connections, 2); // warm-up
      const monitor = processMonitor(server.proc.pid!);
      monitor.start();
      const r = await cannon(`${server.url}${path}`, headers, connections, seconds);
      const stats = monitor.stop();
      runs.push({
        route: label,
        requestsPerSecond: round(r.requests.average, 0),
        latencyMs: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
        non2xx: r.non2xx,
        errors: r.errors,
        serverCpuPercent: round(stats.cpuPercent, 0),
        serverRssPeakMiB: round(stats.rssPeakMiB, 0),
      });
    }
    const [dossierRun, remixRun, expressRun] = runs as [Run, Run, Run]; // one run per route of the loop above
    const ratioRemix = round(dossierRun.requestsPerSecond / remixRun.requestsPerSecond, 3);
    const ratio = round(dossierRun.requestsPerSecond / expressRun.requestsPerSecond, 3);
    let md = `### Portal: autocannon, ${connections} connections × ${seconds} s, ${database ? "PostgreSQL" : "PGlite"}\n\n`;
    md += markdownTable(
      ["route", "req/s", "p50 ms", "p99 ms", "max ms", "non-2xx", "errors", "server CPU %", "server RSS MiB"],
      runs.map((r) => [
        r.route,
        r.requestsPerSecond,
        r.latencyMs.p50,
        r.latencyMs.p99,
        r.latencyMs.max,
        r.non2xx,
        r.errors,
        r.serverCpuPercent,
        r.serverRssPeakMiB,
      ]),
    );
    md += `\n\nRatio examination page / trivial Remix route (req/s): **${ratioRemix}**; examination page / /healthz: **${ratio}** (target ≥ 0.5 ${ratio >= 0.5 ? "met" : "not met"} against /healthz, ${ratioRemix >= 0.5 ? "met" : "not met"} against the Remix route)`;
    writeResults(
      "portal",
      {
        date: new Date().toISOString(),
        machine: machine(),
        connections,
        seconds,
        driver: database ? "postgres" : "pglite",
        runs,
        ratio,
        ratioRemix,
      },
      md,
    );
    console.log(md);
    return { runs, ratio, ratioRemix };
  } finally {
    await server.stop();
    await database?.drop();
  }
}

if (isMain(import.meta.url)) {
  portal().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
