import { spawn, type ChildProcess } from "node:child_process";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { expect } from "vitest";
import { createClient, type HttpClient } from "../setup/http-client";
import { startServer, type RunningServer } from "../setup/server-process";
import type { TestDatabase } from "../setup/test-database";
import { createDatabase } from "../../db/client";
import type { Database } from "../../db/schema";

export const DEMO_PASSWORD = "datadock-demo";

/** Logs a demo user in through the real server (POST /login) and keeps the session cookie. */
export async function login(baseUrl: string, email: string): Promise<HttpClient> {
  const client = createClient(baseUrl);
  const response = await client.postForm("/login", { email, password: DEMO_PASSWORD });
  await response.arrayBuffer();
  if (response.status !== 302) throw new Error(`login of ${email} answered ${response.status}`);
  return client;
}

/** Ids of demo dossiers and OFs, read from alice's examination queue and one dossier page (works on PGlite too). */
export async function demoIds(
  reviewer: HttpClient,
): Promise<{ dossierIds: [string, ...string[]]; organisationId: string; fileId: string | null }> {
  const queue = await (await reviewer.get("/financeur/examens")).text();
  const [firstId, ...otherIds] = new Set([...queue.matchAll(/\/financeur\/examens\/([0-9a-f-]{36})/g)].map((m) => m[1] ?? ""));
  if (firstId === undefined) throw new Error("no dossier in alice's examination queue");
  const dossierIds: [string, ...string[]] = [firstId, ...otherIds];
  for (const id of dossierIds) {
    const page = await (await reviewer.get(`/financeur/examens/${id}`)).text();
    const organisationId = /\/financeur\/organismes\/([0-9a-f-]{36})/.exec(page)?.[1];
    const fileId = /\/fichiers\/([0-9a-f-]{36})/.exec(page)?.[1] ?? null;
    if (organisationId) return { dossierIds, organisationId, fileId };
  }
  throw new Error("no OF link on the demo dossier pages");
}

/** A `ws` class for y-websocket that sends this cookie (and no Origin: a non-browser client). */
export function cookieSocket(cookie: string) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: cookie ? { cookie } : {} });
    }
  };
}

export interface YClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: number[];
  destroy(): void;
}

/** A real y-websocket provider on `<base>/collab/<documentName>` with the session cookie. */
export function yClient(baseUrl: string, documentName: string, cookie: string, options: { connect?: boolean } = {}): YClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, "ws")}/collab`, documentName, doc, {
    WebSocketPolyfill: cookieSocket(cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
    maxBackoffTime: 500,
  });
  const closes: number[] = [];
  provider.on("connection-close", (event) => {
    if (event) closes.push(event.code);
  });
  return {
    doc,
    provider,
    closes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function whenSynced(client: YClient, timeoutMs = 10_000): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not synced within ${timeoutMs} ms (closes: ${client.closes.join(",")})`)), timeoutMs);
    client.provider.on("sync", (synced: boolean) => {
      if (!synced) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Opens a raw socket and resolves with the close code (or `open` if the server kept it open for `openMs`). */
export function collabOutcome(baseUrl: string, documentName: string, cookie: string, openMs = 1_500): Promise<number | "open"> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/collab/${documentName}`, { headers: cookie ? { cookie } : {} });
    let settled = false;
    const done = (value: number | "open") => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
      ws.terminate();
    };
    let timer = setTimeout(() => done("open"), 10_000);
    ws.on("open", () => {
      clearTimeout(timer);
      timer = setTimeout(() => done("open"), openMs);
    });
    ws.on("message", () => {
      // The server answers a document it opened with a sync step: it accepted us.
      done("open");
    });
    ws.on("close", (code) => done(code));
    ws.on("unexpected-response", (_req, res) => done(res.statusCode ?? 0));
    ws.on("error", () => {});
  });
}

export { waitFor } from "../setup/barrier";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs queries on the database the server uses: the test database on PostgreSQL; on PGlite (in the
 * server's process, single-connection) the server is stopped, its folder opened here, then the
 * server restarted on the same data and port. Returns the (possibly new) server with the result.
 */
export async function queryServerDatabase<T>(
  server: RunningServer,
  database: TestDatabase | undefined,
  env: Record<string, string>,
  query: (db: Kysely<Database>) => Promise<T>,
): Promise<{ server: RunningServer; result: T }> {
  if (database?.url) return { server, result: await query(database.db) };
  expect(await server.stop()).toBe(0);
  const handle = createDatabase({ pgliteDir: join(server.dataDir, "pglite") });
  let result: T;
  try {
    result = await query(handle.db);
  } finally {
    await handle.close();
  }
  const restarted = await startServer({ env, dataDir: server.dataDir, port: server.port });
  return { server: restarted, result };
}

/** A throwaway redis-server of the test (never the machine's Redis on 6379), stoppable and restartable. */
export interface RedisProcess {
  url: string;
  port: number;
  /** Kills it (SIGKILL by default: a crash, nothing flushed) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
}

export async function startRedisServer(port: number): Promise<RedisProcess> {
  let child = await spawnRedis(port);
  const redis: RedisProcess = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop(signal = "SIGKILL") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill(signal);
      await exited;
    },
    async restart() {
      await redis.stop();
      child = await spawnRedis(port);
    },
  };
  return redis;
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  process.once("exit", () => child.kill("SIGKILL"));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server on port ${port} not ready within 10 s`)), 10_000);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`redis-server on port ${port} exited (${code})`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.stdout!.resume();
  return child;
}
