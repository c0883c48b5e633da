/**
 * Capacity of one instance, two measures:
 *  (a) documents × clients: D documents (OF funder-notes documents), C real y-websocket clients on each,
 *      one of them typing `--rate` updates/s; stepped up until the delivery p99 reaches 100 ms or updates
 *      are lost. Reports every step and the largest passing one.
 *  (b) RSS with N idle authenticated collab sockets (each attached to a dossier's review document, after
 *      auth and the first sync message), really opened (the default is 10,000).
 *
 *   npm run bench -- --only capacity   or   npm exec -- node --import tsx tests/bench/capacity.ts
 *     [--steps 5x5,10x10,25x10,50x10,100x10,200x10,300x10] [--rate 2] [--duration 8] [--rounds 5] [--sockets 10000] [--skip-steps] [--skip-idle]
 * Each step runs --rounds times on the same server; it passes when the median p99 is under 100 ms and the
 * median delivered share ≥ 99 %. Server pinned to one core and the load generator to another (taskset).
 * DATABASE_URL (admin URL) → a fresh PostgreSQL database; else PGlite. The client side needs one file
 * descriptor per socket: `ulimit -n` must exceed --sockets (checked below).
 */
import { execSync } from "node:child_process";
import { join } from "node:path";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { createDatabase } from "../../db/client";
import { startServer, type RunningServer } from "../setup/server-process";
import {
  demoDossierId,
  flag,
  freshPostgres,
  isMain,
  login,
  markdownTable,
  option,
  percentile,
  pinLoadGenerator,
  pinServer,
  procSample,
  processMonitor,
  round,
  roundsOption,
  runRecord,
  runRecordMarkdown,
  showSpread,
  sleep,
  spread,
  writeResults,
  type Spread,
} from "./lib";

process.setMaxListeners(0); // y-websocket adds an exit listener per provider

const FUNDERS = [
  "alice@financeur-a.demo",
  "bruno@financeur-a.demo",
  "admin@financeur-a.demo",
  "chloe@financeur-b.demo",
  "admin@financeur-c.demo",
];
const P99_TARGET_MS = 100;
const now = () => performance.timeOrigin + performance.now();

function cookieSocket(cookie: string) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  } as unknown as typeof globalThis.WebSocket;
}

function openAttached(url: string, cookie: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { cookie } });
    const timer = setTimeout(() => reject(new Error("socket not attached within 60 s")), 60_000);
    ws.once("message", () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once("close", (code) => reject(new Error(`closed ${code}`)));
    ws.on("error", () => {});
  });
}

/** Soft limit of open files of this process (the server, a child, inherits it). */
function openFileLimit(): number {
  try {
    return Number(execSync("ulimit -n", { shell: "/bin/sh", encoding: "utf8" }).trim()) || Infinity;
  } catch {
    return Infinity;
  }
}

interface StepResult {
  documents: number;
  clientsPerDocument: number;
  clients: number;
  updatesSent: number;
  deliveries: number;
  expectedDeliveries: number;
  latencyMs: { p50: number; p99: number; max: number };
  serverCpuPercent: number;
  serverRssPeakMiB: number;
  connectSeconds: number;
  pass: boolean;
}

async function runStep(
  server: RunningServer,
  documentNames: string[],
  cookies: string[],
  clientsPerDocument: number,
  rate: number,
  seconds: number,
): Promise<StepResult> {
  const providers: { doc: Y.Doc; provider: WebsocketProvider }[] = [];
  const latencies: number[] = [];
  let window = { from: Infinity, to: Infinity };
  let sent = 0;
  const timers: NodeJS.Timeout[] = [];
  try {
    const connectStart = performance.now();
    for (const [d, name] of documentNames.entries()) {
      for (let c = 0; c < clientsPerDocument; c++) {
        const doc = new Y.Doc();
        const provider = new WebsocketProvider(`${server.url.replace(/^http/, "ws")}/collab`, name, doc, {
          WebSocketPolyfill: cookieSocket(cookies[(d + c) % cookies.length]!),
          disableBc: true,
          resyncInterval: -1,
        });
        if (c > 0) {
          const map = doc.getMap<number>("capacity");
          map.observe((event, transaction) => {
            if (transaction.local) return;
            const at = now();
            const sentAt = map.get("t");
            if (event.keysChanged.has("t") && sentAt !== undefined && sentAt >= window.from && sentAt <= window.to)
              latencies.push(at - sentAt);
          });
        }
        providers.push({ doc, provider });
      }
      if (d % 10 === 9) await sleep(50); // connect in waves
    }
    const deadline = Date.now() + 120_000;
    while (!providers.every((p) => p.provider.synced)) {
      if (Date.now() > deadline)
        throw new Error(`${providers.filter((p) => p.provider.synced).length}/${providers.length} clients synced after 120 s`);
      await sleep(100);
    }
    const connectSeconds = (performance.now() - connectStart) / 1000;

    // One writer per document (its first client), spread evenly over the period.
    const period = 1000 / rate;
    documentNames.forEach((_, d) => {
      const writer = providers[d * clientsPerDocument]!.doc.getMap<number>("capacity");
      timers.push(
        setTimeout(
          () => {
            timers.push(
              setInterval(() => {
                const t = now();
                if (t >= window.from && t <= window.to) sent++;
                writer.set("t", t);
              }, period),
            );
          },
          (period * d) / documentNames.length,
        ),
      );
    });
    await sleep(2_000); // warm-up
    const monitor = processMonitor(server.proc.pid!);
    monitor.start();
    window = { from: now(), to: now() + seconds * 1000 };
    await sleep(seconds * 1000);
    const stats = monitor.stop();
    for (const timer of timers) clearInterval(timer);
    await sleep(1_500); // the last deliveries
    const expected = sent * (clientsPerDocument - 1);
    const p99 = percentile(latencies, 99);
    return {
      documents: documentNames.length,
      clientsPerDocument,
      clients: providers.length,
      updatesSent: sent,
      deliveries: latencies.length,
      expectedDeliveries: expected,
      latencyMs: { p50: round(percentile(latencies, 50), 1), p99: round(p99, 1), max: round(percentile(latencies, 100), 1) },
      serverCpuPercent: round(stats.cpuPercent, 0),
      serverRssPeakMiB: round(stats.rssPeakMiB, 0),
      connectSeconds: round(connectSeconds, 1),
      pass: p99 < P99_TARGET_MS && latencies.length >= expected * 0.99,
    };
  } finally {
    for (const timer of timers) clearInterval(timer);
    for (const p of providers) {
      p.provider.destroy();
      p.doc.destroy();
    }
  }
}

/** OF organisations to host the step documents (`organisation:<id>:funder-notes`), written while the server is stopped. */
async function addOrganisations(server: RunningServer, databaseUrl: string | undefined, count: number): Promise<string[]> {
  const handle = createDatabase(databaseUrl ? { databaseUrl } : { pgliteDir: join(server.dataDir, "pglite") });
  try {
    // SIREN prefix 79: apart from the demo's and seed:scale's (8…) organisations.
    const rows = Array.from({ length: count }, (_, i) => {
      const siren = `79${String(i).padStart(7, "0")}`;
      return { kind: "of" as const, name: `OF capacité ${i + 1}`, siren, siret: `${siren}00012`, nda: `99${String(i).padStart(9, "0")}` };
    });
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await handle.db
        .insertInto("organisations")
        .values(rows.slice(i, i + 500))
        .returning("id")
        .execute();
      ids.push(...inserted.map((r) => r.id));
    }
    return ids;
  } finally {
    await handle.close();
  }
}

function parseSteps(raw: string): [number, number][] {
  return raw.split(",").map((step) => {
    const [documents = NaN, clients = NaN] = step.split("x").map(Number);
    if (!(documents > 0 && clients > 1)) throw new Error(`bad step "${step}" (expected e.g. 50x10, at least 2 clients)`);
    return [documents, clients];
  });
}

/** A step over its rounds: median (min–max) of p50, p99, delivered share, CPU and RSS. */
interface StepSummary {
  documents: number;
  clientsPerDocument: number;
  clients: number;
  p50: Spread;
  p99: Spread;
  deliveredShare: Spread;
  serverCpuPercent: Spread;
  serverRssPeakMiB: Spread;
  pass: boolean;
  rounds: StepResult[];
}

function summarizeStep(rounds: StepResult[]): StepSummary {
  const first = rounds[0]!;
  const p99 = spread(rounds.map((r) => r.latencyMs.p99));
  const deliveredShare = spread(
    rounds.map((r) => r.deliveries / Math.max(1, r.expectedDeliveries)),
    3,
  );
  return {
    documents: first.documents,
    clientsPerDocument: first.clientsPerDocument,
    clients: first.clients,
    p50: spread(rounds.map((r) => r.latencyMs.p50)),
    p99,
    deliveredShare,
    serverCpuPercent: spread(
      rounds.map((r) => r.serverCpuPercent),
      0,
    ),
    serverRssPeakMiB: spread(
      rounds.map((r) => r.serverRssPeakMiB),
      0,
    ),
    pass: p99.median < P99_TARGET_MS && deliveredShare.median >= 0.99,
    rounds,
  };
}

export async function capacity() {
  const record = runRecord();
  pinLoadGenerator();
  const rounds = roundsOption();
  const sockets = option("sockets", "BENCH_SOCKETS", 10_000);
  const batch = option("batch", "BENCH_BATCH", 200);
  const steps = parseSteps(option("steps", "BENCH_STEPS", "5x5,10x10,25x10,50x10,100x10,200x10,300x10"));
  const rate = option("rate", "BENCH_RATE", 2);
  const stepSeconds = option("duration", "BENCH_DURATION", option("step-seconds", "BENCH_STEP_SECONDS", 8));
  const limit = openFileLimit();
  if (!flag("skip-idle") && limit < sockets + 1_000) {
    throw new Error(
      `ulimit -n is ${limit}: ${sockets} sockets need more (run \`ulimit -n ${sockets + 5_000}\` first, or --sockets ${limit - 1_000})`,
    );
  }
  const database = await freshPostgres();
  const env: Record<string, string> = database ? { DATABASE_URL: database.url } : {};
  // The first start creates and seeds the database (PGlite: in-process, hundreds of MiB freed later);
  // the step documents' organisations are added while it is stopped; measures on a second start.
  const first = await startServer({ env });
  await first.stop();
  const maxDocuments = Math.max(...steps.map(([d]) => d));
  const organisationIds = flag("skip-steps") ? [] : await addOrganisations(first, database?.url, maxDocuments);
  const server = await startServer({ env, dataDir: first.dataDir });
  pinServer(server.proc.pid);
  const open: WebSocket[] = [];
  const driver = database ? "postgres" : "pglite";
  try {
    const sessions = await Promise.all(FUNDERS.map((email) => login(server.url, email)));
    const cookies = sessions.map((s) => s.cookieHeader());

    // (a) documents × clients, stepped up.
    const stepResults: StepSummary[] = [];
    if (!flag("skip-steps")) {
      steps: for (const [documents, clientsPerDocument] of steps) {
        const names = organisationIds.slice(0, documents).map((id) => `organisation:${id}:funder-notes`);
        const runs: StepResult[] = [];
        for (let r = 0; r < rounds; r++) {
          const result = await runStep(server, names, cookies, clientsPerDocument, rate, stepSeconds).catch((error: Error) => {
            console.warn(`capacity step ${documents}×${clientsPerDocument}: ${error.message}`);
            return null;
          });
          if (!result) break steps;
          runs.push(result);
          console.log(
            `capacity ${documents}×${clientsPerDocument} round ${r + 1}/${rounds}: p99 ${result.latencyMs.p99} ms, ${result.deliveries}/${result.expectedDeliveries} deliveries`,
          );
          await sleep(3_000); // documents unload
        }
        const summary = summarizeStep(runs);
        stepResults.push(summary);
        if (!summary.pass) break;
      }
    }
    const largest = [...stepResults].reverse().find((r) => r.pass) ?? null;

    // (b) idle sockets.
    let idle: {
      sockets: number;
      stillOpen: number;
      openSeconds: number;
      socketsPerSecond: number;
      rssBaselineMiB: number;
      rssWithSocketsMiB: number;
      kibPerSocket: number;
    } | null = null;
    if (!flag("skip-idle")) {
      const url = `${server.url.replace(/^http/, "ws")}/collab/dossier:${await demoDossierId(sessions[0]!)}:review`;
      await openAttached(url, cookies[0]!).then((ws) => ws.terminate()); // the document is loaded once before measuring
      await sleep(3_000);
      const baseline = procSample(server.proc.pid!).rssMiB;
      const t0 = performance.now();
      for (let i = 0; i < sockets; i += batch) {
        const wave = await Promise.all(
          Array.from({ length: Math.min(batch, sockets - i) }, (_, j) => openAttached(url, cookies[(i + j) % cookies.length]!)),
        );
        open.push(...wave);
      }
      const openSeconds = (performance.now() - t0) / 1000;
      await sleep(5_000);
      const loaded = procSample(server.proc.pid!).rssMiB;
      const stillOpen = open.filter((ws) => ws.readyState === WebSocket.OPEN).length;
      idle = {
        sockets,
        stillOpen,
        openSeconds: round(openSeconds, 1),
        socketsPerSecond: round(sockets / openSeconds, 0),
        rssBaselineMiB: round(baseline, 0),
        rssWithSocketsMiB: round(loaded, 0),
        kibPerSocket: round(((loaded - baseline) * 1024) / sockets, 1),
      };
    }

    let md = `### Capacity of one instance (${driver})\n\n`;
    if (stepResults.length > 0) {
      md += `Documents × clients: one writer per document at ${rate} updates/s, every other client receives; ${rounds} rounds × ${stepSeconds} s per step; pass = median delivery p99 < ${P99_TARGET_MS} ms and median delivered share ≥ 99 %.\n\n`;
      md += markdownTable(
        ["documents × clients", "clients", "delivered share", "p50 ms", "p99 ms", "server CPU %", "server RSS MiB", "result"],
        stepResults.map((r) => [
          `${r.documents} × ${r.clientsPerDocument}`,
          r.clients,
          showSpread(r.deliveredShare),
          showSpread(r.p50),
          showSpread(r.p99),
          showSpread(r.serverCpuPercent),
          showSpread(r.serverRssPeakMiB),
          r.pass ? "pass" : "fail",
        ]),
      );
      md += `\n\nLargest passing step: **${largest ? `${largest.documents} documents × ${largest.clientsPerDocument} clients (${largest.clients} clients)` : "none"}**.\n\n`;
    }
    if (idle) {
      md += `Idle authenticated collab sockets, really opened:\n\n`;
      md += markdownTable(
        ["sockets", "still open", "opened in s", "sockets/s", "RSS before (MiB)", "RSS with sockets (MiB)", "KiB per socket"],
        [
          [
            idle.sockets,
            idle.stillOpen,
            idle.openSeconds,
            idle.socketsPerSecond,
            idle.rssBaselineMiB,
            idle.rssWithSocketsMiB,
            idle.kibPerSocket,
          ],
        ],
      );
      md += `\n\nTarget: < 1 GB (1024 MiB) RSS for 10,000 idle authenticated sockets: **${idle.sockets >= 10_000 ? (idle.rssWithSocketsMiB < 1024 ? "met" : "not met") : "not measured at 10,000"}**.`;
    }
    md += `\n\n${runRecordMarkdown(record)}`;
    writeResults("capacity", { ...record, driver, rate, stepSeconds, steps: stepResults, largestPassing: largest, idle }, md);
    console.log(md);
    return { steps: stepResults, largest, idle };
  } finally {
    for (const ws of open) ws.terminate();
    await server.stop();
    await database?.drop();
  }
}

if (isMain(import.meta.url)) {
  capacity().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
