/**
 * Capacity: server RSS with N idle authenticated collab sockets (each attached to the demo dossier's
 * review document, after auth and the first sync message).
 *   node --import tsx tests/bench/capacity.ts [--sockets 2000]   (10,000: --sockets 10000)
 * DATABASE_URL (admin URL) → a fresh PostgreSQL database; else PGlite.
 */
import WebSocket from "ws";
import { startServer } from "../setup/server-process";
import { demoDossierId, freshPostgres, isMain, login, machine, markdownTable, option, procSample, round, sleep, writeResults } from "./lib";

const FUNDERS = ["alice@financeur-a.demo", "bruno@financeur-a.demo", "admin@financeur-a.demo", "chloe@financeur-b.demo", "admin@financeur-c.demo"];

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

export async function capacity() {
  const sockets = option("sockets", "BENCH_SOCKETS", 2000);
  const batch = option("batch", "BENCH_BATCH", 100);
  const database = await freshPostgres();
  const env: Record<string, string> = database ? { DATABASE_URL: database.url } : {};
  // The first start creates and seeds the database (PGlite: in-process, hundreds of MiB freed later):
  // measure on a second start on the same data, the steady state of a running instance.
  const first = await startServer({ env });
  await first.stop();
  const server = await startServer({ env, dataDir: first.dataDir });
  const open: WebSocket[] = [];
  try {
    const sessions = await Promise.all(FUNDERS.map((email) => login(server.url, email)));
    const cookies = sessions.map((s) => s.cookieHeader());
    const url = `${server.url.replace(/^http/, "ws")}/collab/dossier:${await demoDossierId(sessions[0])}:review`;
    await openAttached(url, cookies[0]).then((ws) => ws.terminate()); // the document is loaded once before measuring
    await sleep(3_000);
    const baseline = procSample(server.proc.pid!).rssMiB;
    const t0 = performance.now();
    for (let i = 0; i < sockets; i += batch) {
      const wave = await Promise.all(Array.from({ length: Math.min(batch, sockets - i) }, (_, j) => openAttached(url, cookies[(i + j) % cookies.length])));
      open.push(...wave);
    }
    const openSeconds = (performance.now() - t0) / 1000;
    await sleep(3_000);
    if (typeof global.gc === "function") global.gc();
    const loaded = procSample(server.proc.pid!).rssMiB;
    const row = {
      sockets,
      driver: database ? "postgres" : "pglite",
      openSeconds: round(openSeconds, 1),
      socketsPerSecond: round(sockets / openSeconds, 0),
      rssBaselineMiB: round(baseline, 0),
      rssWithSocketsMiB: round(loaded, 0),
      kibPerSocket: round(((loaded - baseline) * 1024) / sockets, 1),
      projectedRss10kMiB: round(baseline + ((loaded - baseline) * 10_000) / sockets, 0),
    };
    let md = `### Capacity: ${sockets} idle authenticated collab sockets (${row.driver})\n\n`;
    md += markdownTable(
      ["sockets", "opened in s", "sockets/s", "RSS before (MiB)", "RSS with sockets (MiB)", "KiB per socket", "RSS projected for 10,000 (MiB)"],
      [[row.sockets, row.openSeconds, row.socketsPerSecond, row.rssBaselineMiB, row.rssWithSocketsMiB, row.kibPerSocket, row.projectedRss10kMiB]],
    );
    md += "\n\nTarget: < 1 GB for 10,000 idle authenticated sockets.";
    writeResults("capacity", { date: new Date().toISOString(), machine: machine(), ...row }, md);
    console.log(md);
    return row;
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
