import type { IncomingMessage, Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import type { CollabLogger } from "../yjs/logger";
import {
  ACTIVITY_ROOM,
  PRESENCE_PATH,
  dossierRoom,
  expertRoom,
  organisationRoom,
  reviewersRoom,
  userRoom,
  type ActivityFeedEvent,
  type BulkJobProgressEvent,
  type ClientToServerEvents,
  type DossierChangeEvent,
  type ExpertRequestChangeEvent,
  type ServerToClientEvents,
  type ThreadMessageEvent,
} from "../shared/events";
import { activityOf, membersOf, type PresenceData } from "./members";
import { registerThreadHandlers } from "./threads";
import { threadsRoom, type ThreadChangedEvent } from "../shared/thread-events";
import { guardPublisher } from "./guarded-publisher";
import { registerCommitteeHandlers } from "./committee";
import { registerExpertHandlers } from "./experts";
import { presencePlaceSchema } from "./payloads";

export type { PresenceIdentity } from "./members";
import type { PresenceIdentity } from "./members";

export interface PresenceOptions {
  /** The user behind the upgrade request (session cookie), or null: the connection is refused. */
  authenticate(req: IncomingMessage): Promise<PresenceIdentity | null>;
  /** May this user join that dossier's room? A label for the Activité page, or null. */
  authorizeDossier(
    identity: PresenceIdentity,
    dossierId: string,
  ): Promise<{ label: string; side?: "of" | "funder" | "coordinator" } | null>;
  /** The chair of the dossier's open committee session (null: no chair left), or undefined: no open session. */
  committeeChairOf?(dossierId: string): Promise<string | null | undefined>;
  /** May this user join that organisation's room (an OF's space)? Its name, or null. */
  authorizeOrganisation?(identity: PresenceIdentity, organisationId: string): Promise<{ label: string } | null>;
  /** May this user hear that expert request's changes (its expert, while it stands: canActAsExpert)? Its dossier, or null. */
  authorizeExpertRequest?(identity: PresenceIdentity, requestId: string): Promise<{ dossierId: string } | null>;
  /** May this user watch who is online where and the live activity feed (the coordination)? */
  authorizeActivity(identity: PresenceIdentity): boolean;
  /** Records presence sessions (and joins/leaves); failures are logged, never fatal. */
  recorder?: PresenceRecorder;
  /** Browsers' Origin header check (no header: non-browser client). */
  isAllowedOrigin?(origin: string | undefined, req: IncomingMessage): boolean;
  redisUrl?: string;
  logger?: CollabLogger;
}

/** Where a socket is: the portal at large, a dossier's room or an organisation's room. */
export type PresencePlace =
  { kind: "portal" } | { kind: "dossier"; id: string; label: string } | { kind: "organisation"; id: string; label: string };

export interface PresenceRecorder {
  /** A socket arrived somewhere; resolves to a session id handed back to `closed`. */
  opened(identity: PresenceIdentity, place: PresencePlace): Promise<string | null>;
  closed(sessionId: string, identity: PresenceIdentity, place: PresencePlace, reason: "left" | "disconnected"): Promise<void>;
}

export interface Presence {
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, PresenceData>;
  /**
   * A thread message (committed) to the dossier's room only: who joined it may see the dossier. The
   * organisation's room (funders may see an OF whose dossier is a draft) hears `dossier:changed` only.
   */
  threadMessage(event: ThreadMessageEvent): void;
  /** A committed change of a dossier, to its room and its organisation's room. */
  dossierChanged(event: DossierChangeEvent): void;
  /** A committee session of the dossier ended (committed): the funder side of its room reloads; the OF hears nothing. */
  committeeChanged(dossierId: string): void;
  /** A new line of the activity feed, to the coordinators watching it. */
  activity(event: ActivityFeedEvent): void;
  /** A thread changed (message, read, resolved/reopened): its watchers reload it. After the commit. */
  threadChanged(event: ThreadChangedEvent): void;
  /** A bulk job's progress, to the sockets of the user who started it (every instance, through the adapter). */
  bulkJobProgress(userId: string, event: BulkJobProgressEvent): void;
  /**
   * An expert request changed (committed): its expert's room and the funder side of its dossier's room
   * hear it. A withdrawal then takes every socket out of the request's room, on every instance.
   */
  expertRequestChanged(event: ExpertRequestChangeEvent): void;
  /** Re-authenticates this user's sockets on this instance; those no longer logged in are disconnected. */
  revalidateUser(userId: string): Promise<void>;
  close(): Promise<void>;
}

type PresenceSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, PresenceData>;

/**
 * Per-socket handlers of other live features (e.g. thread typing/read state): each is called once per
 * authenticated connection, after the presence handlers (see "other live features" below).
 */
export type SocketHandlers = (io: Presence["io"], socket: PresenceSocket, options: PresenceOptions) => void;

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
    const publisher = guardPublisher(redis[0], (err) => options.logger?.warn({ err }, "presence: publish to redis failed"));
    io.adapter(createAdapter(publisher, redis[1]!, { requestsTimeout: 3_000 }));
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
  /** A room's sockets on every instance; this instance's alone while Redis is unreachable (presence stays live locally). */
  const fetchRoom = (room: string) =>
    io
      .in(room)
      .fetchSockets()
      .catch((err: unknown) => {
        options.logger?.warn({ err, room }, "presence: other instances unreachable, local sockets only");
        return io.local.in(room).fetchSockets();
      });
  const broadcastDossier = (dossierId: string) =>
    schedule(dossierRoom(dossierId), async () => {
      const sockets = await fetchRoom(dossierRoom(dossierId));
      io.to(dossierRoom(dossierId)).emit("presence:state", { dossierId, members: membersOf(sockets, dossierId) });
    });
  const broadcastActivity = () =>
    schedule(ACTIVITY_ROOM, async () => {
      io.to(ACTIVITY_ROOM).emit("activity:state", activityOf(await fetchRoom(ONLINE_ROOM)));
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

  let closing = false;
  /** Presence sessions of this instance's sockets, by socket id then place key. */
  const sessions = new Map<string, Map<string, { place: PresencePlace; id: Promise<string | null> }>>();
  const placeKey = (place: PresencePlace) => (place.kind === "portal" ? "portal" : `${place.kind}:${place.id}`);
  function openSession(socket: PresenceSocket, place: PresencePlace) {
    const recorder = options.recorder;
    if (!recorder || closing) return;
    const own = sessions.get(socket.id) ?? new Map();
    sessions.set(socket.id, own);
    if (own.has(placeKey(place))) return;
    const id = recorder.opened(socket.data.identity, place).catch((err: unknown) => {
      options.logger?.warn({ err }, "presence session not recorded");
      return null;
    });
    own.set(placeKey(place), { place, id });
  }
  function closeSession(socket: PresenceSocket, key: string, reason: "left" | "disconnected") {
    const own = sessions.get(socket.id);
    const entry = own?.get(key);
    if (!own || !entry) return;
    own.delete(key);
    if (own.size === 0) sessions.delete(socket.id);
    if (closing) return; // the instance's open sessions are closed at once on shutdown
    void entry.id
      .then((id) => (id ? options.recorder?.closed(id, socket.data.identity, entry.place, reason) : undefined))
      .catch((err: unknown) => options.logger?.warn({ err }, "presence session not closed"));
  }

  io.on("connection", (socket: PresenceSocket) => {
    const { identity } = socket.data;
    // join() is synchronous with the in-memory adapter and returns a promise with the Redis one.
    void Promise.resolve(socket.join([ONLINE_ROOM, userRoom(identity.userId)])).catch((err: unknown) =>
      options.logger?.warn({ err }, "presence: joining the online rooms failed"),
    );
    openSession(socket, { kind: "portal" });
    broadcastActivity();

    socket.on("dossier:join", async (dossierId, reply) => {
      const answer = typeof reply === "function" ? reply : () => {};
      if (typeof dossierId !== "string" || !UUID.test(dossierId)) return answer({ ok: false, error: "invalid" });
      const id = dossierId.toLowerCase();
      const access = await options.authorizeDossier(identity, id).catch(() => null);
      if (!access || !socket.connected) return answer({ ok: false, error: "forbidden" });
      const first = !socket.data.dossiers[id];
      socket.data.dossiers[id] = { label: access.label, indicator: null, activity: "reading", since: new Date().toISOString() };
      // The funder side also joins the reviewers' room (committee events), which the OF never hears.
      await socket.join(access.side === "funder" || access.side === "coordinator" ? [dossierRoom(id), reviewersRoom(id)] : dossierRoom(id));
      if (first) openSession(socket, { kind: "dossier", id, label: access.label });
      answer({ ok: true });
      broadcastDossier(id);
      broadcastActivity();
    });

    socket.on("dossier:leave", async (dossierId) => {
      // Own keys only: "__proto__" or "constructor" must not reach Object.prototype.
      if (typeof dossierId !== "string" || !Object.hasOwn(socket.data.dossiers, dossierId.toLowerCase())) return;
      const id = dossierId.toLowerCase();
      delete socket.data.dossiers[id];
      await socket.leave(dossierRoom(id));
      await socket.leave(reviewersRoom(id));
      closeSession(socket, `dossier:${id}`, "left");
      broadcastDossier(id);
      broadcastActivity();
    });

    socket.on("organisation:join", async (organisationId, reply) => {
      const answer = typeof reply === "function" ? reply : () => {};
      if (typeof organisationId !== "string" || !UUID.test(organisationId)) return answer({ ok: false, error: "invalid" });
      const id = organisationId.toLowerCase();
      const access = options.authorizeOrganisation ? await options.authorizeOrganisation(identity, id).catch(() => null) : null;
      if (!access || !socket.connected) return answer({ ok: false, error: "forbidden" });
      await socket.join(organisationRoom(id));
      openSession(socket, { kind: "organisation", id, label: access.label });
      answer({ ok: true });
    });

    socket.on("organisation:leave", async (organisationId) => {
      if (typeof organisationId !== "string" || !UUID.test(organisationId)) return;
      const id = organisationId.toLowerCase();
      await socket.leave(organisationRoom(id));
      closeSession(socket, `organisation:${id}`, "left");
    });

    // The indicator the person has open and what they do there, as their page states it (validated).
    socket.on("presence:indicator", (payload, reply) => {
      const answer = typeof reply === "function" ? reply : () => {};
      const parsed = presencePlaceSchema.safeParse(payload);
      if (!parsed.success) return answer({ ok: false, error: "invalid" });
      const { dossierId: key, indicator, activity } = parsed.data;
      const entry = Object.hasOwn(socket.data.dossiers, key) ? socket.data.dossiers[key] : undefined;
      if (!entry) return answer({ ok: false, error: "forbidden" });
      answer({ ok: true });
      if (entry.indicator === indicator && entry.activity === activity) return;
      entry.indicator = indicator;
      entry.activity = activity;
      broadcastDossier(key);
      broadcastActivity();
    });

    socket.on("activity:watch", async (reply) => {
      const answer = typeof reply === "function" ? reply : () => {};
      if (!options.authorizeActivity(identity)) return answer({ ok: false, error: "forbidden" });
      await socket.join(ACTIVITY_ROOM);
      answer({ ok: true });
      socket.emit("activity:state", activityOf(await fetchRoom(ONLINE_ROOM)));
    });

    socket.on("disconnect", () => {
      for (const key of [...(sessions.get(socket.id)?.keys() ?? [])]) closeSession(socket, key, "disconnected");
      for (const id of Object.keys(socket.data.dossiers)) broadcastDossier(id);
      broadcastActivity();
    });

    // Other live features: one line each, e.g. `registerThreadHandlers(io, socket, options);`
    registerThreadHandlers(io, socket, options);
    registerCommitteeHandlers(io, socket, options);
    registerExpertHandlers(io, socket, options);
  });

  return {
    io,
    threadMessage(event) {
      io.to(dossierRoom(event.dossierId)).emit("thread:message", event);
    },
    dossierChanged(event) {
      const rooms = [dossierRoom(event.dossierId), ...(event.organisationId ? [organisationRoom(event.organisationId)] : [])];
      io.to(rooms).emit("dossier:changed", event);
    },
    committeeChanged(dossierId) {
      const at = new Date().toISOString();
      io.to(reviewersRoom(dossierId)).emit("dossier:changed", {
        dossierId,
        organisationId: null,
        kind: "committee",
        indicatorCode: null,
        at,
      });
    },
    activity(event) {
      io.to(ACTIVITY_ROOM).emit("activity:event", event);
    },
    threadChanged(event) {
      io.to(threadsRoom(event.dossierId)).emit("thread:changed", event);
    },
    bulkJobProgress(userId, event) {
      io.to(userRoom(userId)).emit("bulk:progress", event);
    },
    expertRequestChanged(event) {
      const room = expertRoom(event.requestId);
      io.to([room, reviewersRoom(event.dossierId)]).emit("expert:changed", event);
      // Through the adapter: the request's sockets on every instance leave its room.
      if (event.kind === "withdrawn") io.in(room).socketsLeave(room);
    },
    async revalidateUser(userId) {
      const local = [...io.of("/").sockets.values()].filter((socket) => socket.data.identity?.userId === userId);
      for (const socket of local) {
        const still = await options.authenticate(socket.request).catch(() => null);
        if (!still) socket.disconnect(true);
      }
    },
    async close() {
      closing = true;
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      await io.close();
      await Promise.allSettled(redis.map((client) => client.quit()));
    },
  };
}
