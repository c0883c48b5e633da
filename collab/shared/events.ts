/**
 * socket.io events of the portal's live layer (presence, thread messages), typed once for the
 * server (collab/presence/) and the browser (app/). Isomorphic: no imports.
 */
export type PresenceRole = "funder" | "coordinator" | "of";

/** One connected person as others see them. */
export interface PresenceMember {
  userId: string;
  name: string;
  role: PresenceRole;
  organisationName: string;
  /** The indicator code they are looking at, or null. */
  indicator: string | null;
  since: string;
}

/** Who is where, for the coordinators' Activité page: one entry per user and dossier (dossier null = online elsewhere). */
export interface ActivityEntry extends PresenceMember {
  dossierId: string | null;
  dossierLabel: string | null;
}

/** A message posted in an indicator's thread, emitted after the commit to the dossier's room. */
export interface ThreadMessageEvent {
  dossierId: string;
  threadId: string;
  messageId: string;
  indicatorCode: string;
  authorName: string;
  fromOf: boolean;
  body: string;
  createdAt: string;
}

export type JoinReply = { ok: true } | { ok: false; error: "invalid" | "forbidden" };

export interface ServerToClientEvents {
  "presence:state": (payload: { dossierId: string; members: PresenceMember[] }) => void;
  "thread:message": (event: ThreadMessageEvent) => void;
  "activity:state": (entries: ActivityEntry[]) => void;
}

export interface ClientToServerEvents {
  "dossier:join": (dossierId: string, reply: (result: JoinReply) => void) => void;
  "dossier:leave": (dossierId: string) => void;
  "presence:indicator": (payload: { dossierId: string; indicator: string | null }) => void;
  /** Coordinators only: receive `activity:state` now and on every change. */
  "activity:watch": (reply: (result: JoinReply) => void) => void;
}

export const dossierRoom = (dossierId: string) => `dossier:${dossierId.toLowerCase()}`;
export const userRoom = (userId: string) => `user:${userId}`;
export const ACTIVITY_ROOM = "activity";
export const PRESENCE_PATH = "/socket.io";
