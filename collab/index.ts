import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { checkAccess, documentFromUrl, rejectUpgrade, type AccessChecks } from "./authenticate";
import { RedisRelay } from "./relay/redis-relay";
import { CloseCode } from "./shared/close-codes";
import type { ParsedDocumentName } from "./shared/document-names";
import { wantsStoredAcks } from "./shared/stored-ack";
import { Connection } from "./yjs/connection";
import { DocumentRegistry, type DocumentHooks } from "./yjs/document-registry";
import { silentLogger, type CollabLogger } from "./yjs/logger";
import type { DocumentPersistence } from "./yjs/persistence";

export type { CollabIdentity } from "./yjs/connection";
export type { DocumentAccess } from "./authenticate";
export type { DocumentHooks } from "./yjs/document-registry";
export type { DocumentPersistence } from "./yjs/persistence";
export type { CollabLogger } from "./yjs/logger";

export interface CollabOptions extends AccessChecks {
  persistence: DocumentPersistence;
  /** Checked before upgrading: a foreign Origin gets an HTTP 403 and no WebSocket. */
  isAllowedOrigin(origin: string | undefined, req: IncomingMessage): boolean;
  /** Largest frame accepted (ws maxPayload: a bigger frame is refused from its header, 1009). Default 5 MiB. */
  maxMessageBytes?: number;
  logger?: CollabLogger;
  hooks?: DocumentHooks;
  /** Relay through Redis pub/sub between instances (ioredis URL). */
  redis?: { url: string; channelPrefix?: string; instanceId?: string };
  /** Default `/collab/`: y-websocket connects to `${serverUrl}/${documentName}`, serverUrl being ws(s)://host/collab. */
  pathPrefix?: string;
  keepaliveMs?: number;
  authTimeoutMs?: number;
  compactAfterUpdates?: number;
}

export interface Collab {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes a user's sockets with 4403 (all, or those whose document matches), and any still authenticating. */
  closeUserConnections(userId: string, reason?: string, match?: (document: ParsedDocumentName) => boolean): void;
  /** Closes every socket with 1001, then flushes and unloads every document. */
  close(): Promise<void>;
  readonly registry: DocumentRegistry;
}

interface Revocation {
  at: number;
  match?: (document: ParsedDocumentName) => boolean;
}

export function createCollab(options: CollabOptions): Collab {
  const logger = options.logger ?? silentLogger;
  const prefix = options.pathPrefix ?? "/collab/";
  const maxMessageBytes = options.maxMessageBytes ?? 5 * 1024 * 1024;
  const relay = options.redis ? new RedisRelay({ ...options.redis, logger }) : undefined;
  const registry = new DocumentRegistry({
    persistence: options.persistence,
    hooks: options.hooks,
    relay,
    logger,
    compactAfterUpdates: options.compactAfterUpdates,
  });
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: maxMessageBytes,
  });
  const connections = new Set<Connection>();
  const revocations = new Map<string, Revocation[]>();
  let closing = false;

  const isRevoked = (connection: Connection, userId: string, document: ParsedDocumentName) =>
    (revocations.get(userId) ?? []).some((r) => r.at >= connection.startedAt && (!r.match || r.match(document)));

  async function accept(ws: WebSocket, req: IncomingMessage): Promise<void> {
    const connection = new Connection(ws, {
      logger,
      keepaliveMs: options.keepaliveMs,
      maxPendingBytes: maxMessageBytes + 1024 * 1024,
      acknowledgesStores: wantsStoredAcks(req.url),
      onClose(closed) {
        connections.delete(closed);
        if (closed.isAttached && closed.document) registry.disconnected(closed.document.name, closed);
      },
    });
    connections.add(connection);
    const document = documentFromUrl(req.url, prefix);
    if (!document) return connection.close(CloseCode.badRequest, "invalid document name");
    const result = await checkAccess(options, req, document, options.authTimeoutMs ?? 10_000, (error) =>
      logger.error({ err: error, document: document.name }, "collab authentication failed"),
    );
    if (connection.isClosed) return;
    if (!result.ok) return connection.close(result.code, result.reason);
    if (isRevoked(connection, result.identity.userId, document)) return connection.close(CloseCode.forbidden, "access revoked");
    connection.identify(result.identity, document, result.access);
    try {
      await registry.connect(document.name, connection);
    } catch (error) {
      if (!closing) logger.error({ err: error, document: document.name }, "collab document failed to load");
      connection.close(closing ? CloseCode.goingAway : CloseCode.internalError, closing ? "server shutting down" : "load failed");
    }
  }

  return {
    registry,
    handleUpgrade(req, socket, head) {
      if (closing) return rejectUpgrade(socket, 503, "Service Unavailable");
      if (!options.isAllowedOrigin(req.headers.origin, req)) return rejectUpgrade(socket, 403, "Forbidden");
      wss.handleUpgrade(req, socket, head, (ws) => {
        accept(ws, req).catch((error) => {
          logger.error({ err: error }, "collab connection failed");
          ws.terminate();
        });
      });
    },
    closeUserConnections(userId, reason = "access revoked", match) {
      const list = revocations.get(userId) ?? [];
      list.push({ at: Date.now(), match });
      revocations.set(userId, list);
      // Long enough for any connection that was authenticating at this moment to get there.
      setTimeout(() => revocations.get(userId) === list && revocations.delete(userId), 60_000).unref();
      for (const connection of connections) {
        if (connection.userId !== userId) continue;
        if (match && connection.document && !match(connection.document)) continue;
        connection.close(CloseCode.forbidden, reason);
      }
    },
    async close() {
      closing = true;
      const open = [...connections];
      for (const connection of open) connection.close(CloseCode.goingAway, "server shutting down");
      await registry.close();
      await relay?.close();
      const closed = Promise.all(open.map((c) => c.whenSocketClosed()));
      const timer = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), 1_000).unref());
      if ((await Promise.race([closed, timer])) === "late") for (const c of open) c.terminate();
      wss.close();
    },
  };
}
