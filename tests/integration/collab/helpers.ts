import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { createCollab, type Collab, type CollabOptions } from "../../../collab/index";
import { dossierReviewDocument } from "../../../collab/shared/document-names";
import type { CollabLogger } from "../../../collab/yjs/logger";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";

export const ALLOWED_ORIGIN = "http://localhost:3000";

/** A fresh database, queried once so PGlite's slow first query happens in beforeAll, not inside a test. */
export async function createCollabTestDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase();
  await t.db.selectFrom("collab_updates").select("id").limit(1).execute();
  return t;
}

/** A logger that keeps what it is told (a test may assert on it) instead of printing. */
export function recordingLogger() {
  const entries: { level: "info" | "warn" | "error"; obj: object; msg?: string }[] = [];
  const logger: CollabLogger = {
    info: (obj, msg) => entries.push({ level: "info", obj, msg }),
    warn: (obj, msg) => entries.push({ level: "warn", obj, msg }),
    error: (obj, msg) => entries.push({ level: "error", obj, msg }),
  };
  return { logger, entries };
}

export interface TestServer {
  /** ws://127.0.0.1:<port>/collab — y-websocket's serverUrl. */
  url: string;
  collab: Collab;
  http: Server;
  logs: ReturnType<typeof recordingLogger>["entries"];
  close(): Promise<void>;
}

/** Reads `cookie: user=<id>`; users named reader-* may only read, stranger-* nothing. */
export async function fakeAuthenticate(req: IncomingMessage) {
  const match = /(?:^|;\s*)user=([^;]+)/.exec(req.headers.cookie ?? "");
  return match?.[1] ? { userId: decodeURIComponent(match[1]) } : null;
}

export async function fakeAuthorize(identity: { userId: string }) {
  if (identity.userId.startsWith("stranger")) return null;
  return identity.userId.startsWith("reader") ? ("read" as const) : ("write" as const);
}

export async function startCollabServer(options: Partial<CollabOptions> & Pick<CollabOptions, "persistence">): Promise<TestServer> {
  const { logger, entries } = recordingLogger();
  const collab = createCollab({
    authenticate: fakeAuthenticate,
    authorize: fakeAuthorize,
    isAllowedOrigin: (origin) => origin === undefined || origin === ALLOWED_ORIGIN,
    logger,
    ...options,
  });
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on("upgrade", (req, socket, head) => {
    if (req.url?.startsWith("/collab/")) collab.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/collab`,
    collab,
    http,
    logs: entries,
    async close() {
      await collab.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

export const newDocumentName = () => dossierReviewDocument(randomUUID());

/** A WebSocket class for y-websocket that sends the cookie and origin a browser would. */
export function socketClassFor(userId: string | null, origin = ALLOWED_ORIGIN) {
  const headers: Record<string, string> = { origin };
  if (userId) headers.cookie = `user=${encodeURIComponent(userId)}`;
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };
}

export interface TestClient {
  doc: Y.Doc;
  text: Y.Text;
  provider: WebsocketProvider;
  closes: { code: number; reason: string }[];
  destroy(): void;
}

export function connectClient(server: { url: string }, documentName: string, userId: string | null): TestClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.url, documentName, doc, {
    WebSocketPolyfill: socketClassFor(userId) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const closes: TestClient["closes"] = [];
  provider.on("connection-close", (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    text: doc.getText("body"),
    provider,
    closes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function whenSynced(client: TestClient): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve) => client.provider.once("sync", (synced: boolean) => synced && resolve()));
}

export { waitFor } from "../../setup/barrier";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RawSocket {
  ws: WebSocket;
  frames: Uint8Array[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the HTTP status if the upgrade was refused. */
  refused: Promise<number>;
}

/** A bare `ws` client: records every frame and how the socket closed. */
export function rawSocket(server: { url: string }, path: string, headers: Record<string, string>): RawSocket {
  const ws = new WebSocket(`${server.url}/${path}`, { headers });
  const frames: Uint8Array[] = [];
  ws.on("message", (data: Buffer) => frames.push(new Uint8Array(data)));
  ws.on("error", () => {});
  const opened = new Promise<void>((resolve) => ws.once("open", () => resolve()));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const refused = new Promise<number>((resolve) =>
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    }),
  );
  return { ws, frames, opened, closed, refused };
}

export const userHeaders = (userId: string) => ({ origin: ALLOWED_ORIGIN, cookie: `user=${userId}` });
