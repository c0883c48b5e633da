import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { cpus, loadavg, totalmem } from "node:os";
import pg from "pg";
import { createClient, type HttpClient } from "../setup/http-client";
import { findFreePort } from "../setup/server-process";
import { migrateToLatest } from "../../db/migrate";
import { Kysely, PostgresDialect } from "kysely";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const RESULTS_DIR = join(REPO_ROOT, "tests", "bench", "results");
export const DEMO_PASSWORD = "datadock-demo";

/** `--name=value` or `--name value` from argv, else the environment variable, else the default. */
export function option(name: string, envName: string, fallback: number): number;
export function option(name: string, envName: string, fallback: string): string;
export function option(name: string, envName: string, fallback: number | string): number | string {
  const args = process.argv.slice(2);
  let raw: string | undefined;
  for (const [i, arg] of args.entries()) {
    if (arg === `--${name}`) raw = args[i + 1];
    else if (arg.startsWith(`--${name}=`)) raw = arg.slice(name.length + 3);
  }
  raw ??= process.env[envName];
  if (raw === undefined || raw === "") return fallback;
  return typeof fallback === "number" ? Number(raw) : raw;
}

export const flag = (name: string) => process.argv.includes(`--${name}`);

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CLK_TCK = 100; // Linux USER_HZ

/** CPU seconds (user + system) and RSS (MiB) of a process, read from /proc. */
export function procSample(pid: number): { cpuSeconds: number; rssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14, 15)
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSeconds, rssMiB: rssKiB / 1024 };
}

/** Samples a process every second between start() and stop(): CPU % over the window, peak and last RSS. */
export function processMonitor(pid: number) {
  let first = procSample(pid);
  let startedAt = performance.now();
  let peak = first.rssMiB;
  let last = first;
  let timer: NodeJS.Timeout | undefined;
  return {
    start() {
      first = procSample(pid);
      startedAt = performance.now();
      peak = first.rssMiB;
      timer = setInterval(() => {
        try {
          last = procSample(pid);
          peak = Math.max(peak, last.rssMiB);
        } catch {
          /* exited */
        }
      }, 1_000);
    },
    stop() {
      clearInterval(timer);
      last = procSample(pid);
      peak = Math.max(peak, last.rssMiB);
      const seconds = (performance.now() - startedAt) / 1000;
      return { cpuPercent: (100 * (last.cpuSeconds - first.cpuSeconds)) / seconds, rssPeakMiB: peak, rssEndMiB: last.rssMiB };
    },
  };
}

/** A child process serving on a port (reference servers), started and stopped by the benchmark. */
export interface ChildServer {
  name: string;
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export async function spawnChild(
  name: string,
  args: string[],
  env: Record<string, string>,
  readyProbe: () => Promise<boolean>,
): Promise<ChildServer> {
  const port = Number(env.PORT);
  const proc = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  pinServer(proc.pid);
  let output = "";
  proc.stdout?.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  proc.stderr?.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  const deadline = Date.now() + 30_000;
  while (!(await readyProbe().catch(() => false))) {
    if (proc.exitCode !== null) throw new Error(`${name} exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`${name} not ready in 30 s: ${output}`);
    await sleep(100);
  }
  process.once("exit", () => proc.kill("SIGKILL"));
  return {
    name,
    port,
    proc,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves true once something accepts TCP connections on the port. */
export async function portOpen(port: number): Promise<boolean> {
  const { connect } = await import("node:net");
  return new Promise((resolvePort) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.once("error", () => resolvePort(false));
  });
}

export { findFreePort };

/**
 * A fresh, migrated PostgreSQL database for the benchmark when DATABASE_URL is set (the server seeds the
 * demo data into it on start); `undefined` otherwise (the server then uses PGlite in its DATA_DIR).
 */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const admin = process.env.DATABASE_URL;
  if (!admin) return undefined;
  const name = `datadock_bench_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }) });
  await migrateToLatest(db);
  await db.destroy();
  return {
    url: url.toString(),
    async drop() {
      const again = new pg.Client({ connectionString: admin });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

export async function login(baseUrl: string, email: string): Promise<HttpClient> {
  const client = createClient(baseUrl);
  const response = await client.postForm("/login", { email, password: DEMO_PASSWORD });
  await response.arrayBuffer();
  if (response.status !== 302) throw new Error(`login of ${email} answered ${response.status}`);
  return client;
}

/** The first dossier of alice's examination queue (a demo dossier a funder may open). */
export async function demoDossierId(reviewer: HttpClient): Promise<string> {
  const queue = await (await reviewer.get("/financeur/examens")).text();
  const id = /\/financeur\/examens\/([0-9a-f-]{36})/.exec(queue)?.[1];
  if (!id) throw new Error("no dossier in alice's examination queue");
  return id;
}

/**
 * The Rhône demo dossier (Rhône Formation Pro, under examination) in alice's examination queue: the link
 * whose own text names it (the row's selection checkbox names it too, before the link, so "the text after a
 * link" would pick the previous row's dossier).
 */
export async function rhoneDossierId(alice: HttpClient): Promise<string> {
  const queue = await (await alice.get("/financeur/examens")).text();
  for (const [, id, text] of queue.matchAll(/<a[^>]*href="\/financeur\/examens\/([0-9a-f-]{36})"[^>]*>([\s\S]*?)<\/a>/g)) {
    if (/Rhône Formation Pro/.test(text!)) return id!;
  }
  throw new Error("the Rhône dossier is not in alice's examination queue");
}

export function machine() {
  return { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "?", memoryGiB: round(totalmem() / 2 ** 30, 1) };
}

export function markdownTable(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Writes <name>.json and <name>.md to tests/bench/results/. */
export function writeResults(name: string, json: unknown, markdown: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, `${name}.md`), `${markdown}\n`);
}

export const isMain = (metaUrl: string) => process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(metaUrl);

// ---------------------------------------------------------------------------------------------------------
// Noise-resistant comparisons: interleaved rounds, medians and ranges, CPU pinning, machine record.

/** `--rounds N` (default 5): how many interleaved rounds every comparison runs. */
export const roundsOption = () => Math.max(1, option("rounds", "BENCH_ROUNDS", 5));

/** The order of round `r` (0-based): the list rotated by r, so each contender goes first in turn (A B C, B C A, C A B…). */
export function rotated<T>(items: readonly T[], r: number): T[] {
  if (items.length === 0) return [];
  const k = r % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function median(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const mid = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

/** Median and range (min–max) of one figure over the rounds. */
export function spread(values: number[], digits = 1): Spread {
  const finite = values.filter((v) => Number.isFinite(v));
  return {
    median: round(median(finite), digits),
    min: round(finite.length ? Math.min(...finite) : NaN, digits),
    max: round(finite.length ? Math.max(...finite) : NaN, digits),
  };
}

/** "median (min–max)" for a markdown cell. */
export const showSpread = (s: Spread) => `${s.median} (${s.min}–${s.max})`;

/** Ratio of medians, 2 decimals. */
export const ratioOfMedians = (a: Spread, b: Spread) => round(a.median / b.median, 2);

/**
 * CPU pinning: with `taskset` and at least two cores, every server under test runs on core 0 and the load
 * generator (this process and its threads) on core 1, the same for every server. `--no-pin` turns it off.
 */
export interface Pinning {
  enabled: boolean;
  serverCores: string;
  loadGeneratorCores: string;
  reason: string;
}

let pinningState: Pinning | undefined;

export function pinning(): Pinning {
  if (pinningState) return pinningState;
  const hasTaskset = spawnSync("taskset", ["--version"], { encoding: "utf8" }).status === 0;
  const cores = cpus().length;
  if (flag("no-pin")) pinningState = { enabled: false, serverCores: "any", loadGeneratorCores: "any", reason: "--no-pin" };
  else if (!hasTaskset) pinningState = { enabled: false, serverCores: "any", loadGeneratorCores: "any", reason: "no taskset" };
  else if (cores < 2) pinningState = { enabled: false, serverCores: "any", loadGeneratorCores: "any", reason: "1 core" };
  else pinningState = { enabled: true, serverCores: "0", loadGeneratorCores: String(cores - 1), reason: "taskset" };
  return pinningState;
}

/** Pins the load generator (this process, all its threads) to its core. Call once at the start of a part. */
export function pinLoadGenerator(): void {
  const p = pinning();
  if (p.enabled) spawnSync("taskset", ["-a", "-cp", p.loadGeneratorCores, String(process.pid)], { stdio: "ignore" });
}

/**
 * Lets this process (and what it starts from now on: children inherit the affinity) run on every core again,
 * for a part that pins nothing after a part that pinned the load generator (`npm run bench`).
 */
export function unpinLoadGenerator(): void {
  if (spawnSync("taskset", ["--version"], { stdio: "ignore" }).status !== 0) return;
  spawnSync("taskset", ["-a", "-cp", `0-${cpus().length - 1}`, String(process.pid)], { stdio: "ignore" });
}

/** Pins a server under test (all its threads) to the server core; a no-op when pinning is off. */
export function pinServer(pid: number | undefined): void {
  const p = pinning();
  if (p.enabled && pid) spawnSync("taskset", ["-a", "-cp", p.serverCores, String(pid)], { stdio: "ignore" });
}

/** The machine and the exact command of a run, recorded in every result file. */
export function runRecord() {
  return {
    date: new Date().toISOString(),
    machine: { ...machine(), loadAverageAtStart: loadavg().map((l) => round(l, 2)) },
    command: ["node", ...process.execArgv, ...process.argv.slice(1).map((a) => relative(REPO_ROOT, a) || a)].join(" "),
    npmCommand: process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event}` : undefined,
    rounds: roundsOption(),
    pinning: pinning(),
    database: process.env.DATABASE_URL ? "postgres" : "pglite",
    databaseConnection: databaseConnection(process.env.DATABASE_URL),
    redis: Boolean(process.env.REDIS_URL),
  };
}

/**
 * How the server reaches PostgreSQL: a Unix-domain socket (`?host=/var/run/postgresql`, the database on the
 * same machine) or TCP. Each query is one write to that socket, and over loopback TCP the kernel's TCP work
 * for both ends is billed to the writer: the figures of a query-heavy page differ between the two.
 */
export function databaseConnection(url: string | undefined): "unix socket" | "tcp" | null {
  if (!url) return null;
  const parsed = new URL(url);
  const host = parsed.searchParams.get("host") ?? decodeURIComponent(parsed.hostname);
  return host.startsWith("/") ? "unix socket" : "tcp";
}

export type RunRecord = ReturnType<typeof runRecord>;

/** The markdown lines of a run record, under each result table. */
export function runRecordMarkdown(r: RunRecord): string {
  const m = r.machine;
  return [
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}; load average at start ${m.loadAverageAtStart.join(" / ")}.`,
    `Pinning: ${r.pinning.enabled ? `server on core ${r.pinning.serverCores}, load generator on core ${r.pinning.loadGeneratorCores} (taskset)` : `off (${r.pinning.reason})`}. ` +
      `Rounds: ${r.rounds}, interleaved, order rotated each round; cells are median (min–max) over rounds.`,
    `Services: ${r.database === "postgres" ? `PostgreSQL over ${r.databaseConnection ?? "tcp"}` : "PGlite"}; Redis relay ${r.redis ? "on" : "off"}.`,
    `Command: \`${r.command}\` (${r.date}).`,
  ].join("\n");
}
