/**
 * Portal throughput on one server: the review room of the Rhône demo dossier (`/financeur/examens/<id>`,
 * signed in as alice), a trivial Remix route (GET /login, anonymous: root loader + a small form) and
 * /healthz (Express only), in interleaved rounds (the order rotated each round): req/s and latency p50/p99
 * per route as median (min–max) over rounds, and the ratios of the medians.
 *
 *   npm exec -- node --import tsx tests/bench/portal.ts [--rounds 5] [--duration 5] [--connections 10] [--profile /tmp/portal-prof]
 *     [--routes review-room,login,healthz]   (a subset, e.g. `--routes login` to profile the trivial page alone)
 * --profile DIR: the server runs with `node --cpu-prof` and writes its .cpuprofile to DIR on exit
 * (open it in Chrome DevTools, Performance tab, or speedscope).
 * DATABASE_URL (admin URL) → a fresh PostgreSQL database; else PGlite.
 */
// @ts-expect-error autocannon ships no types
import autocannon from "autocannon";
import { startServer } from "../setup/server-process";
import {
  freshPostgres,
  isMain,
  login,
  markdownTable,
  option,
  pinLoadGenerator,
  pinServer,
  processMonitor,
  rhoneDossierId,
  ratioOfMedians,
  rotated,
  round,
  runRecord,
  runRecordMarkdown,
  showSpread,
  spread,
  writeResults,
  type Spread,
} from "./lib";

interface Sample {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  serverCpuPercent: number;
  serverRssPeakMiB: number;
}

export interface PortalRoute {
  key: "review-room" | "login" | "healthz";
  label: string;
  requestsPerSecond: Spread;
  latencyMs: { p50: Spread; p99: Spread };
  non2xx: number;
  errors: number;
  serverCpuPercent: Spread;
  serverRssPeakMiB: Spread;
  samples: Sample[];
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
  const record = runRecord();
  pinLoadGenerator();
  const connections = option("connections", "BENCH_CONNECTIONS", 10);
  const seconds = option("duration", "BENCH_DURATION", option("seconds", "BENCH_SECONDS", 5));
  const rounds = record.rounds;
  const database = await freshPostgres();
  const profileDir = option("profile", "BENCH_PROFILE", "");
  const server = await startServer({
    env: database ? { DATABASE_URL: database.url } : {},
    nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
  });
  pinServer(server.proc.pid);
  try {
    const alice = await login(server.url, "alice@financeur-a.demo");
    const page = `/financeur/examens/${await rhoneDossierId(alice)}`;
    const check = await alice.get(page);
    await check.arrayBuffer();
    if (check.status !== 200) throw new Error(`${page} answered ${check.status}`);
    const routes = [
      { key: "review-room", label: "review room, Rhône dossier (alice)", path: page, headers: { cookie: alice.cookieHeader() } },
      { key: "login", label: "/login (trivial Remix route)", path: "/login", headers: {} },
      { key: "healthz", label: "/healthz (Express only)", path: "/healthz", headers: {} },
    ] as const;
    const only = option("routes", "BENCH_ROUTES", "review-room,login,healthz").split(",");
    const measured = routes.filter((r) => only.includes(r.key));
    for (const route of measured) await cannon(`${server.url}${route.path}`, route.headers, connections, 2); // warm-up
    const samples = new Map<string, Sample[]>(measured.map((r) => [r.key, []]));
    for (let r = 0; r < rounds; r++) {
      const order = rotated(measured, r);
      console.error(`portal round ${r + 1}/${rounds}: ${order.map((o) => o.key).join(" ")}`);
      for (const route of order) {
        const monitor = processMonitor(server.proc.pid!);
        monitor.start();
        const result = await cannon(`${server.url}${route.path}`, route.headers, connections, seconds);
        const stats = monitor.stop();
        samples.get(route.key)!.push({
          requestsPerSecond: round(result.requests.average, 0),
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors,
          serverCpuPercent: round(stats.cpuPercent, 0),
          serverRssPeakMiB: round(stats.rssPeakMiB, 0),
        });
      }
    }
    const results: PortalRoute[] = measured.map((route) => {
      const s = samples.get(route.key)!;
      return {
        key: route.key,
        label: route.label,
        requestsPerSecond: spread(
          s.map((x) => x.requestsPerSecond),
          0,
        ),
        latencyMs: { p50: spread(s.map((x) => x.p50)), p99: spread(s.map((x) => x.p99)) },
        non2xx: s.reduce((n, x) => n + x.non2xx, 0),
        errors: s.reduce((n, x) => n + x.errors, 0),
        serverCpuPercent: spread(
          s.map((x) => x.serverCpuPercent),
          0,
        ),
        serverRssPeakMiB: spread(
          s.map((x) => x.serverRssPeakMiB),
          0,
        ),
        samples: s,
      };
    });
    const rps = (key: PortalRoute["key"]) => results.find((r) => r.key === key)?.requestsPerSecond ?? spread([]);
    const ratios = {
      reviewRoomOverLogin: ratioOfMedians(rps("review-room"), rps("login")),
      loginOverHealthz: ratioOfMedians(rps("login"), rps("healthz")),
      reviewRoomOverHealthz: ratioOfMedians(rps("review-room"), rps("healthz")),
    };
    let md = `### Portal: autocannon, ${connections} connections, ${rounds} rounds × ${seconds} s per route, ${database ? "PostgreSQL" : "PGlite"}\n\n`;
    md += markdownTable(
      ["route", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors", "server CPU %", "server RSS MiB"],
      results.map((r) => [
        r.label,
        showSpread(r.requestsPerSecond),
        showSpread(r.latencyMs.p50),
        showSpread(r.latencyMs.p99),
        r.non2xx,
        r.errors,
        showSpread(r.serverCpuPercent),
        showSpread(r.serverRssPeakMiB),
      ]),
    );
    md +=
      `\n\nRatios of medians (req/s): review room / /login **${ratios.reviewRoomOverLogin}** (target ≥ 0.5: ${ratios.reviewRoomOverLogin >= 0.5 ? "met" : "not met"}); ` +
      `/login / /healthz **${ratios.loginOverHealthz}** (target ≥ 0.25: ${ratios.loginOverHealthz >= 0.25 ? "met" : "not met"}); review room / /healthz ${ratios.reviewRoomOverHealthz}.\n\n`;
    md += runRecordMarkdown(record);
    if (measured.length < routes.length) {
      console.log(md); // a partial run (profiling): the committed result file keeps the full comparison
      return { results, ratios };
    }
    writeResults("portal", { ...record, connections, seconds, routes: results, ratios }, md);
    console.log(md);
    return { results, ratios };
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
