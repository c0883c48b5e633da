import type { IncomingMessage, Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import type { CollabLogger } from "../yjs/logger";
import {
  ACTIVITY_ROOM,
  PRESENCE_PATH,
  dossierRoom,
  userRoom,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type ThreadMessageEvent,
} from "../shared/events";
import { activityOf, membersOf, type PresenceData } from "./members";

export type { PresenceIdentity } from "./members";
import type { PresenceIdentity } from "./members";

export interface PresenceOptions {
  /** The user behind the upgrade request (session cookie), or null: the connection is refused. */
  authenticate(req: IncomingMessage): Promise<PresenceIdentity | null>;
  /** May this user join that dossier's room? A label for the Activité page, or null. */
  authorizeDossier(identity: PresenceIdentity, dossierId: string): Promise<{ label: string } | null>;
  /** Browsers' Origin header check (no header: non-browser client). */
  isAllowedOrigin?(origin: string | undefined, req: IncomingMessage): boolean;
  redisUrl?: string;
  logger?: CollabLogger;
}

export interface Presence {
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, PresenceData>;
  threadMessage(event: ThreadMessageEvent): void;
  /** Re-authenticates this user's sockets on this instance; those no longer logged in are disconnected. */
  revalidateUser(userId: string): Promise<void>;
  close(): Promise<void>;
}

type PresenceSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, PresenceData>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ONLINE_ROOM = "online";

/** socket.io presence on the portal's HTTP server: rooms per dossier, joins authorised on the server. */
export function createPresence(httpServer: HttpServer, options: PresenceOptions): Presence {
  const io: Presence["io"] = new Server(httpServer, {
    path: PRESENCE_PATH,
    destroyUpgrade: false, // /collab/ upgrades belong to the Yjs server
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, options.isAllowedOrigin ? options.isAllowedOrigin(origin, req) : true);
    },
  });
  const redis = options.redisUrl ? [new Redis(options.redisUrl, { maxRetriesPerRequest: 1 })] : [];
  if (redis[0]) {
    redis.push(redis[0].duplicate());
    for (const client of redis) client.on("error", (err: Error) => options.logger?.warn({ err }, "presence redis error"));
    io.adapter(createAdapter(redis[0], redis[1]!, { requestsTimeout: 3_000 }));
  }

  const pending = new Map<string, NodeJS.Timeout>();
  /** Coalesces broadcasts: a room's state is sent at most every 100 ms. */
  function schedule(room: string, send: () => Promise<void>) {
    if (pending.has(room)) return;
    pending.set(
      room,
      setTimeout(() => {
        pending.delete(room);
        send().catch((err: unknown) => options.logger?.warn({ err, room }, "presence broadcast failed"));
      }, 100),
    );
  }
  const broadcastDossier = (dossierId: string) =>
    schedule(dossierRoom(dossierId), async () => {
      const sockets = await io.in(dossierRoom(dossierId)).fetchSockets();
      io.to(dossierRoom(dossierId)).emit("presence:state", { dossierId, members: membersOf(sockets, dossierId) });
    });
  const broadcastActivity = () =>
    schedule(ACTIVITY_ROOM, async () => {
      io.to(ACTIVITY_ROOM).emit("activity:state", activityOf(await io.in(ONLINE_ROOM).fetchSockets()));
    });

  io.use((socket, next) => {
    options
      .authenticate(socket.request)
      .then((identity) => {
        if (!identity) return next(new Error("unauthenticated"));
        socket.data = { identity, since: new Date().toISOString(), dossiers: {} };
        next();
      })
      .catch((err: unknown) => {
        options.logger?.warn({ err }, "presence authentication failed");
        next(new Error("unavailable"));
      });
  });

  io.on("connection", (socket: PresenceSocket) => {
    const { identity } = socket.data;
    void socket.join([ONLINE_ROOM, userRoom(identity.userId)]);
    broadcastActivity();

    socket.on("dossier:join", async (dossierId, reply) => {
      const answer = typeof reply === "function" ? reply : () => {};
      if (typeof dossierId !== "string" || !UUID.test(dossierId)) return answer({ ok: false, error: "invalid" });
      const id = dossierId.toLowerCase();
      const access = await options.authorizeDossier(identity, id).catch(() => null);
      if (!access || !socket.connected) return answer({ ok: false, error: "forbidden" });
      socket.data.dossiers[id] = { label: access.label, indicator: null, since: new Date().toISOString() };
      await socket.join(dossierRoom(id));
      answer({ ok: true });
      broadcastDossier(id);
      broadcastActivity();
    });

    socket.on("dossier:leave", async (dossierId) => {
      if (typeof dossierId !== "string" || !socket.data.dossiers[dossierId.toLowerCase()]) return;
      const id = dossierId.toLowerCase();
      delete socket.data.dossiers[id];
      await socket.leave(dossierRoom(id));
      broadcastDossier(id);
      broadcastActivity();
    });

    socket.on("presence:indicator", (payload) => {
      const entry = typeof payload?.dossierId === "string" ? socket.data.dossiers[payload.dossierId.toLowerCase()] : undefined;
      if (!entry) return;
      const indicator = typeof payload.indicator === "string" ? payload.indicator.slice(0, 40) : null;
      if (entry.indicator === indicator) return;
      entry.indicator = indicator;
      broadcastDossier(payload.dossierId.toLowerCase());
      broadcastActivity();
    });

    socket.on("activity:watch", async (reply) => {
      const answer = typeof reply === "function" ? reply : () => {};
      if (identity.role !== "coordinator") return answer({ ok: false, error: "forbidden" });
      await socket.join(ACTIVITY_ROOM);
      answer({ ok: true });
      socket.emit("activity:state", activityOf(await io.in(ONLINE_ROOM).fetchSockets()));
    });

    socket.on("disconnect", () => {
      for (const id of Object.keys(socket.data.dossiers)) broadcastDossier(id);
      broadcastActivity();
    });
  });

  return {
    io,
    threadMessage(event) {
      io.to(dossierRoom(event.dossierId)).emit("thread:message", event);
    },
    async revalidateUser(userId) {
      const local = [...io.of("/").sockets.values()].filter((socket) => socket.data.identity?.userId === userId);
      for (const socket of local) {
        const still = await options.authenticate(socket.request).catch(() => null);
        if (!still) socket.disconnect(true);
      }
    },
    async close() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      await io.close();
      await Promise.allSettled(redis.map((client) => client.quit()));
    },
  };
}
