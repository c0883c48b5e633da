import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseTemplate, ServerDataKind } from "./database-template";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** 90 s; a loaded machine (several suites at once) may need more: TEST_SERVER_READY_MS. */
const READY_TIMEOUT_MS = Number(process.env.TEST_SERVER_READY_MS) || 90_000;
const STOP_TIMEOUT_MS = 20_000;
const MAX_LOG_CHARS = 2_000_000;

/**
 * What `npm start` runs after scripts/ensure-build.mjs (package.json): the compiled server, not the
 * TypeScript sources, so tests exercise what production runs. Spawn it with `process.execPath`:
 * under `npm test` / `npx vitest` that is the Node of the `node` devDependency (docs/decisions/029).
 */
export const SERVER_ENTRY = ["--enable-source-maps", "dist/server.js"] as const;

/** Variables of the test process a server needs to run at all; the rest is set explicitly. */
const INHERITED = ["PATH", "HOME", "TMPDIR", "TEMP", "TMP", "LANG", "LC_ALL", "TZ", "CI", "SystemRoot"];

export interface StartServerOptions {
  /**
   * Extra or overriding variables, applied last (e.g. `{ DATABASE_URL: testDb.url }`, `{ SEED_DEMO: "never" }`).
   * Servers run in demo mode by default (demo data, local mailbox, as `npm start`); opt into production
   * with `{ DATADOCK_MODE: "production", SMTP_URL: "smtp://…" }`.
   */
  env?: Record<string, string>;
  /** DATA_DIR to reuse (restart on the same data); a fresh temporary folder otherwise. */
  dataDir?: string;
  /** Port to listen on (e.g. restart on the port clients reconnect to); a free one otherwise. */
  port?: number;
  /**
   * Without `dataDir` or DATABASE_URL, inside `vitest run`: start from a copy of the run's prepared
   * PGlite folder (migrated, or with the demo data when the server would seed it; see
   * tests/setup/database-template.ts) instead of migrating and seeding again. `false` for a test of
   * the start-up itself (migrations, the demo seed).
   */
  preparedData?: boolean;
  /** Extra node flags before the entry point (e.g. `["--cpu-prof", "--cpu-prof-dir=/tmp/prof"]` for a benchmark profile). */
  nodeArgs?: string[];
}

export interface RunningServer {
  /** http://127.0.0.1:<port>, without trailing slash. */
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  /** Sends the signal (SIGTERM by default), waits for the exit and returns its code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILL, without waiting. */
  kill(): void;
  /** Everything the process wrote to stdout and stderr so far. */
  logs(): string;
}

/** Temporary data folders made here, removed when the test worker exits. */
const createdDirs = new Set<string>();
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const proc of running) proc.kill("SIGKILL");
    for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** A port free right now: listen on port 0, note it, close. */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolvePort(port) : reject(new Error("no port assigned"))));
    });
  });
}

/**
 * Starts the real server (`node dist/server.js` as `npm start` runs it, NODE_ENV=production and DATADOCK_MODE=demo
 * unless `env` says otherwise, the Remix build in build/) on a free port and resolves once GET /readyz answers 200.
 *
 * DATABASE_URL and REDIS_URL of the test process are passed on when set: for a database of its own,
 * pass `env: { DATABASE_URL: testDb.url }` (see test-database.ts). Without DATABASE_URL the server
 * uses PGlite in DATA_DIR/pglite.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  installExitHook();
  if (!existsSync(join(REPO_ROOT, "dist", "server.js"))) {
    throw new Error("No compiled server in dist/: run `node scripts/ensure-build.mjs` (npm test and npm run bench do it first).");
  }
  const port = options.port ?? (await findFreePort());
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
  if (process.env.REDIS_URL) env.REDIS_URL = process.env.REDIS_URL;
  Object.assign(env, {
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: url,
    NODE_ENV: "production",
    DATADOCK_MODE: "demo",
    LOG_LEVEL: "warn",
    ...options.env,
  });
  let dataDir = options.dataDir;
  if (!dataDir) {
    dataDir = mkdtempSync(join(tmpdir(), "datadock-server-"));
    createdDirs.add(dataDir);
    if (options.preparedData !== false && !env.DATABASE_URL && !options.env?.DATA_DIR) {
      const prepared = await preparedPgliteFolder(env.DATADOCK_MODE === "demo" && env.SEED_DEMO !== "never" ? "demo" : "migrated");
      if (prepared) cpSync(prepared, join(dataDir, "pglite"), { recursive: true });
    }
  }
  env.DATA_DIR = options.env?.DATA_DIR ?? dataDir;

  const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), ...SERVER_ENTRY], {
    cwd: REPO_ROOT,
    // @remix-run/node's globals make NODE_ENV a required key of ProcessEnv; it is set above.
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(proc);

  let output = "";
  const capture = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > MAX_LOG_CHARS) output = output.slice(-MAX_LOG_CHARS);
  };
  proc.stdout?.on("data", capture);
  proc.stderr?.on("data", capture);

  let stopping = false;
  const exited = new Promise<number | null>((resolveExit) => {
    proc.once("exit", (code, signal) => {
      running.delete(proc);
      // A server that dies on its own leaves the test with "connection refused" and nothing else: say why.
      if (!stopping && started) {
        process.stderr.write(
          `\n[test server ${url}] exited on its own (${signal ?? `code ${code}`}); its last output:\n${output.slice(-4000)}\n`,
        );
      }
      resolveExit(code);
    });
  });
  let started = false;
  const alive = () => proc.exitCode === null && proc.signalCode === null;

  const server: RunningServer = {
    url,
    port,
    dataDir,
    proc,
    logs: () => output,
    kill() {
      stopping = true;
      if (alive()) proc.kill("SIGKILL");
    },
    async stop(signal = "SIGTERM") {
      stopping = true;
      if (alive()) proc.kill(signal);
      const timer = setTimeout(() => proc.kill("SIGKILL"), STOP_TIMEOUT_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };

  try {
    await waitUntilReady(url, proc, exited, () => output);
    started = true;
  } catch (error) {
    server.kill();
    await exited;
    throw error;
  }
  return server;
}

/** The run's prepared PGlite folder of that kind, inside `vitest run` (global setup); none elsewhere (benchmarks). */
async function preparedPgliteFolder(kind: ServerDataKind): Promise<string | undefined> {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import("vitest");
  const template = inject("dbTemplate") as DatabaseTemplate | undefined;
  return template?.driver === "pglite" ? template.serverData[kind] : undefined;
}

async function waitUntilReady(url: string, proc: ChildProcess, exited: Promise<number | null>, logs: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let hasExited = false;
  const markExited = () => void (hasExited = true);
  void exited.then(markExited, markExited);
  let lastProblem = "no answer yet";

  while (Date.now() < deadline) {
    if (hasExited) {
      const how = proc.signalCode ? `signal ${proc.signalCode}` : `code ${proc.exitCode}`;
      throw new Error(`The server exited (${how}) before it was ready. Its output:\n${logs()}`);
    }
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastProblem = `GET /readyz answered ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 150))]);
  }
  throw new Error(`The server was not ready within ${READY_TIMEOUT_MS / 1000} s (${lastProblem}). Its output:\n${logs()}`);
}
