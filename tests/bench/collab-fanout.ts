/**
 * Collab fan-out: one document, E editors typing R updates/s each and V viewers, all real y-websocket
 * providers, against our server (real process: auth, persistence, Redis relay when REDIS_URL is set),
 * the reference @y/websocket-server 0.1.1 and Hocuspocus 3.4.4, each a child process on its own port.
 *
 *   npm exec -- node --import tsx tests/bench/collab-fanout.ts [--editors 20] [--viewers 100] [--rate 5] [--duration 20]
 *        [--targets datadock,reference,hocuspocus] [--rounds 5] [--no-pin] [--profile DIR]
 * Interleaved rounds: each round runs every target once (a fresh process each), the order rotated per round;
 * every figure is reported as median (min–max) over rounds, the ratios as ratios of medians.
 * DATABASE_URL (admin URL) → our server on a fresh PostgreSQL database; else PGlite. REDIS_URL → relay on.
 * The comparison the issue asks for (16, decision record 050) runs with both, as production does:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 npm exec -- node --import tsx tests/bench/collab-fanout.ts
 * Our server is measured after a restart on its seeded data (the first start seeds the demo data and is stopped).
 * --profile DIR: our server runs with `--cpu-prof` (a .cpuprofile in DIR on exit) and writes a heap snapshot
 * into DIR at the end of each measuring window (SIGUSR2).
 */
import WebSocket from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { WebsocketProvider } from "y-websocket";
import { startServer } from "../setup/server-process";
import {
  demoDossierId,
  findFreePort,
  freshPostgres,
  isMain,
  login,
  markdownTable,
  option,
  percentile,
  pinLoadGenerator,
  pinServer,
  ratioOfMedians,
  rotated,
  runRecord,
  runRecordMarkdown,
  showSpread,
  spread,
  type RunRecord,
  type Spread,
  portOpen,
  processMonitor,
  round,
  sleep,
  spawnChild,
  writeResults,
} from "./lib";

process.setMaxListeners(0); // y-websocket adds an exit listener per provider

const FUNDERS = [
  "alice@financeur-a.demo",
  "bruno@financeur-a.demo",
  "admin@financeur-a.demo",
  "chloe@financeur-b.demo",
  "admin@financeur-c.demo",
];

export interface FanoutOptions {
  editors: number;
  viewers: number;
  rate: number;
  durationS: number;
  warmupS: number;
  targets: string[];
}

export interface FanoutResult {
  target: string;
  clients: number;
  updatesSent: number;
  deliveries: number;
  expectedDeliveries: number;
  deliveredPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Time until every other client had the update. */
  fullFanoutMs: { p50: number; p95: number; p99: number };
  server: { cpuPercent: number; rssPeakMiB: number; rssEndMiB: number };
  loadGeneratorCpuPercent: number;
  connectSeconds: number;
}

interface Target {
  name: string;
  /** y-websocket serverUrl (the room name is appended). */
  serverUrl: string;
  pid: number;
  socketClass(index: number): typeof globalThis.WebSocket;
  stop(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

/** A `ws` that sends a cookie: y-websocket's WebSocketPolyfill for our server. */
function cookieSocket(cookie: string) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  } as unknown as typeof globalThis.WebSocket;
}

/**
 * Hocuspocus speaks the y-websocket messages with the document name in front of each and a token
 * first: this socket adds and strips that framing, so the client stays an unmodified y-websocket provider.
 */
class HocuspocusSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  binaryType = "arraybuffer";
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  private ws: WebSocket;
  private documentName: string;

  constructor(url: string) {
    const parsed = new URL(url);
    this.documentName = decodeURIComponent(parsed.pathname.split("/").pop() ?? "");
    this.ws = new WebSocket(`ws://${parsed.host}/`);
    this.ws.binaryType = "arraybuffer";
    this.ws.onopen = (event) => {
      this.ws.send(
        this.frame((e) => {
          encoding.writeVarUint(e, 2); // Auth
          encoding.writeVarUint(e, 0); // Token
          encoding.writeVarString(e, "bench");
        }),
      );
      this.onopen?.(event);
    };
    this.ws.onmessage = (event) => {
      const data = new Uint8Array(event.data as ArrayBuffer);
      const decoder = decoding.createDecoder(data);
      decoding.readVarString(decoder);
      const type = decoding.readVarUint(decoder);
      const rest = data.subarray(decoder.pos);
      if (type !== 0 && type !== 4 && type !== 1) return; // auth replies, sync status, stateless
      const out = new Uint8Array(rest.length + 1);
      out[0] = type === 1 ? 1 : 0;
      out.set(rest, 1);
      this.onmessage?.({ data: out.buffer });
    };
    this.ws.onclose = (event) => this.onclose?.(event);
    this.ws.onerror = (event) => this.onerror?.(event);
  }

  get readyState() {
    return this.ws.readyState;
  }

  private frame(write: (e: encoding.Encoder) => void): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarString(e, this.documentName);
    write(e);
    return encoding.toUint8Array(e);
  }

  send(data: Uint8Array) {
    this.ws.send(this.frame((e) => encoding.writeUint8Array(e, data)));
  }

  close() {
    this.ws.close();
  }
}

async function startTarget(name: string): Promise<Target & { documentName: string }> {
  if (name === "datadock") {
    const database = await freshPostgres();
    const env: Record<string, string> = { LOG_LEVEL: "warn" };
    if (database) env.DATABASE_URL = database.url;
    // --profile DIR: a CPU profile (written on exit) and a heap snapshot at the end of the measuring window.
    const profileDir = option("profile", "BENCH_PROFILE", "");
    const nodeArgs = profileDir
      ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--diagnostic-dir=${profileDir}`, "--heapsnapshot-signal=SIGUSR2"]
      : [];
    // The instance measured is a restart on seeded data, as production runs: the first start seeds the
    // demo data (in demo mode only) and would carry that work's memory into the figures.
    const seeding = await startServer({ env });
    await seeding.stop();
    const server = await startServer({ env, nodeArgs, dataDir: seeding.dataDir });
    pinServer(server.proc.pid);
    const sessions = await Promise.all(FUNDERS.map((email) => login(server.url, email)));
    const documentName = `dossier:${await demoDossierId(sessions[0]!)}:review`;
    const cookies = sessions.map((s) => s.cookieHeader());
    return {
      name: `datadock${process.env.REDIS_URL ? " (Redis relay)" : ""}${database ? " [PostgreSQL]" : " [PGlite]"}`,
      serverUrl: `ws://127.0.0.1:${server.port}/collab`,
      pid: server.proc.pid!,
      documentName,
      socketClass: (i) => cookieSocket(cookies[i % cookies.length]!),
      async stop() {
        await server.stop();
        await database?.drop();
      },
    };
  }
  const port = await findFreePort();
  if (name === "reference") {
    const child = await spawnChild(
      "@y/websocket-server",
      ["node_modules/@y/websocket-server/src/server.js"],
      { HOST: "127.0.0.1", PORT: String(port) },
      () => portOpen(port),
    );
    return {
      name: "@y/websocket-server 0.1.1",
      serverUrl: `ws://127.0.0.1:${port}`,
      pid: child.proc.pid!,
      documentName: "bench-document",
      socketClass: () => WebSocket as unknown as typeof globalThis.WebSocket,
      stop: () => child.stop(),
    };
  }
  if (name === "hocuspocus") {
    const child = await spawnChild(
      "hocuspocus",
      ["--import", "tsx", "tests/bench/servers/hocuspocus.ts"],
      { HOST: "127.0.0.1", PORT: String(port) },
      () => portOpen(port),
    );
    return {
      name: "Hocuspocus 3.4.4",
      serverUrl: `ws://127.0.0.1:${port}`,
      pid: child.proc.pid!,
      documentName: "bench-document",
      socketClass: () => HocuspocusSocket as unknown as typeof globalThis.WebSocket,
      stop: () => child.stop(),
    };
  }
  throw new Error(`unknown target ${name}`);
}

interface BenchClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

export async function runFanout(targetName: string, options: FanoutOptions): Promise<FanoutResult> {
  const target = await startTarget(targetName);
  const total = options.editors + options.viewers;
  const clients: BenchClient[] = [];
  const latencies: number[] = [];
  const perUpdate = new Map<string, { sent: number; received: number; last: number }>();
  let window = { from: Infinity, to: Infinity };
  try {
    const connectStart = performance.now();
    for (let i = 0; i < total; i++) {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(target.serverUrl, target.documentName, doc, {
        WebSocketPolyfill: target.socketClass(i),
        disableBc: true,
        resyncInterval: -1,
      });
      const map = doc.getMap<number[]>("bench");
      map.observe((event, transaction) => {
        if (transaction.local) return;
        const at = now();
        for (const key of event.keysChanged) {
          const value = map.get(key);
          if (!value) continue;
          const [sentAt, seq] = value;
          if (sentAt === undefined || sentAt < window.from || sentAt > window.to) continue;
          latencies.push(at - sentAt);
          const id = `${key}#${seq}`;
          const entry = perUpdate.get(id);
          if (entry) {
            entry.received++;
            entry.last = Math.max(entry.last, at);
          }
        }
      });
      clients.push({ doc, provider });
      if (i % 20 === 19) await sleep(50); // connect in waves
    }
    const deadline = Date.now() + 90_000;
    while (!clients.every((c) => c.provider.synced)) {
      if (Date.now() > deadline)
        throw new Error(`${target.name}: ${clients.filter((c) => c.provider.synced).length}/${total} clients synced after 90 s`);
      await sleep(50);
    }
    const connectSeconds = (performance.now() - connectStart) / 1000;

    const editors = clients.slice(0, options.editors);
    const timers: NodeJS.Timeout[] = [];
    let sent = 0;
    const period = 1000 / options.rate;
    editors.forEach((editor, e) => {
      let seq = 0;
      const map = editor.doc.getMap<number[]>("bench");
      const start = setTimeout(
        () => {
          timers.push(
            setInterval(() => {
              const sentAt = now();
              seq++;
              if (sentAt >= window.from && sentAt <= window.to) {
                perUpdate.set(`e${e}#${seq}`, { sent: sentAt, received: 0, last: 0 });
                sent++;
              }
              map.set(`e${e}`, [sentAt, seq]);
            }, period),
          );
        },
        (period * e) / options.editors,
      );
      timers.push(start);
    });

    await sleep(options.warmupS * 1000);
    const monitor = processMonitor(target.pid);
    const cpuBefore = process.cpuUsage();
    window = { from: now(), to: now() + options.durationS * 1000 };
    monitor.start();
    await sleep(options.durationS * 1000);
    const serverStats = monitor.stop();
    if (target.name.startsWith("datadock") && option("profile", "BENCH_PROFILE", "")) process.kill(target.pid, "SIGUSR2");
    const cpu = process.cpuUsage(cpuBefore);
    for (const timer of timers) clearInterval(timer);
    await sleep(2_000); // drain: deliveries of the last updates
    const receivers = total - 1;
    const full = [...perUpdate.values()].filter((u) => u.received >= receivers).map((u) => u.last - u.sent);
    const result: FanoutResult = {
      target: target.name,
      clients: total,
      updatesSent: sent,
      deliveries: latencies.length,
      expectedDeliveries: sent * receivers,
      deliveredPerSecond: round(latencies.length / options.durationS, 0),
      latencyMs: {
        p50: round(percentile(latencies, 50), 2),
        p95: round(percentile(latencies, 95), 2),
        p99: round(percentile(latencies, 99), 2),
        max: round(percentile(latencies, 100), 1),
      },
      fullFanoutMs: { p50: round(percentile(full, 50), 2), p95: round(percentile(full, 95), 2), p99: round(percentile(full, 99), 2) },
      server: {
        cpuPercent: round(serverStats.cpuPercent, 0),
        rssPeakMiB: round(serverStats.rssPeakMiB, 0),
        rssEndMiB: round(serverStats.rssEndMiB, 0),
      },
      loadGeneratorCpuPercent: round((100 * (cpu.user + cpu.system)) / 1e6 / options.durationS, 0),
      connectSeconds: round(connectSeconds, 1),
    };
    return result;
  } finally {
    for (const client of clients) {
      client.provider.destroy();
      client.doc.destroy();
    }
    await target.stop();
  }
}

/** One target's figures over the rounds: median (min–max) of each. */
export interface FanoutSummary {
  target: string;
  p50: Spread;
  p95: Spread;
  p99: Spread;
  fullFanoutP99: Spread;
  deliveredPerSecond: Spread;
  deliveredShare: Spread;
  serverCpuPercent: Spread;
  serverRssPeakMiB: Spread;
  loadGeneratorCpuPercent: Spread;
  rounds: FanoutResult[];
}

export function summarizeFanout(target: string, rounds: FanoutResult[]): FanoutSummary {
  const of = (pick: (r: FanoutResult) => number, digits = 1) => spread(rounds.map(pick), digits);
  return {
    target: rounds[0]?.target ?? target,
    p50: of((r) => r.latencyMs.p50, 2),
    p95: of((r) => r.latencyMs.p95, 2),
    p99: of((r) => r.latencyMs.p99, 2),
    fullFanoutP99: of((r) => r.fullFanoutMs.p99, 2),
    deliveredPerSecond: of((r) => r.deliveredPerSecond, 0),
    deliveredShare: of((r) => r.deliveries / Math.max(1, r.expectedDeliveries), 3),
    serverCpuPercent: of((r) => r.server.cpuPercent, 0),
    serverRssPeakMiB: of((r) => r.server.rssPeakMiB, 0),
    loadGeneratorCpuPercent: of((r) => r.loadGeneratorCpuPercent, 0),
    rounds,
  };
}

export function fanoutRatios(summaries: FanoutSummary[]) {
  const ours = summaries.find((s) => s.target.startsWith("datadock"));
  if (!ours) return [];
  return summaries
    .filter((s) => s !== ours)
    .map((o) => ({
      vs: o.target,
      p50: ratioOfMedians(ours.p50, o.p50),
      p95: ratioOfMedians(ours.p95, o.p95),
      p99: ratioOfMedians(ours.p99, o.p99),
      cpu: ratioOfMedians(ours.serverCpuPercent, o.serverCpuPercent),
      rss: ratioOfMedians(ours.serverRssPeakMiB, o.serverRssPeakMiB),
    }));
}

export function fanoutMarkdown(options: FanoutOptions, summaries: FanoutSummary[], record: RunRecord): string {
  const rows = summaries.map((s) => [
    s.target,
    showSpread(s.p50),
    showSpread(s.p95),
    showSpread(s.p99),
    showSpread(s.fullFanoutP99),
    showSpread(s.deliveredPerSecond),
    showSpread(s.deliveredShare),
    showSpread(s.serverCpuPercent),
    showSpread(s.serverRssPeakMiB),
    showSpread(s.loadGeneratorCpuPercent),
  ]);
  let md = `### Collab fan-out: ${options.editors} editors × ${options.rate} updates/s, ${options.viewers} viewers, ${record.rounds} rounds × ${options.durationS} s\n\n`;
  md += markdownTable(
    [
      "server",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "all-received p99 ms",
      "delivered/s",
      "delivered share",
      "server CPU %",
      "server RSS MiB (peak)",
      "load generator CPU %",
    ],
    rows,
  );
  const ratios = fanoutRatios(summaries);
  if (ratios.length > 0) {
    md += "\n\nRatios of medians, ours / other (lower is better; targets p99 ≤ 1.2×, CPU ≤ 1.3×, RSS ≤ 1.5× the reference):\n\n";
    md += markdownTable(
      ["vs", "p50", "p95", "p99", "CPU", "RSS"],
      ratios.map((r) => [r.vs, r.p50, r.p95, r.p99, r.cpu, r.rss]),
    );
  }
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
    md +=
      "\n\nNot the reference configuration: the comparison runs with PostgreSQL persistence (DATABASE_URL) and the Redis relay (REDIS_URL) on; " +
      `this run had ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"} and ${process.env.REDIS_URL ? "the relay" : "no relay"}.`;
  }
  return `${md}\n\n${runRecordMarkdown(record)}`;
}

export function fanoutOptions(): FanoutOptions {
  return {
    editors: option("editors", "BENCH_EDITORS", 20),
    viewers: option("viewers", "BENCH_VIEWERS", 100),
    rate: option("rate", "BENCH_RATE", 5),
    durationS: option("duration", "BENCH_DURATION", 20),
    warmupS: option("warmup", "BENCH_WARMUP", 3),
    targets: option("targets", "BENCH_TARGETS", "datadock,reference,hocuspocus").split(","),
  };
}

export async function collabFanout(options = fanoutOptions()) {
  const record = runRecord();
  pinLoadGenerator();
  const perTarget = new Map<string, FanoutResult[]>(options.targets.map((t) => [t, []]));
  for (let r = 0; r < record.rounds; r++) {
    for (const target of rotated(options.targets, r)) {
      console.error(`fan-out round ${r + 1}/${record.rounds}: ${target}…`);
      perTarget.get(target)!.push(await runFanout(target, options));
      await sleep(1_000);
    }
  }
  const summaries = options.targets.map((t) => summarizeFanout(t, perTarget.get(t)!));
  const markdown = fanoutMarkdown(options, summaries, record);
  writeResults("collab-fanout", { ...record, options, summaries, ratios: fanoutRatios(summaries) }, markdown);
  console.log(markdown);
  return summaries;
}

if (isMain(import.meta.url)) {
  collabFanout().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
