/**
 * socket.io events of live indicator threads (typing, "something changed, reload"), typed once for the
 * server (collab/presence/threads.ts) and the browser. Isomorphic: no imports but types.
 *
 * A socket watches the threads of one dossier (room `threads:<dossierId>`) once the same check as a
 * dossier room join allows it (funders and coordinators any dossier, OF staff their own only). Events
 * carry no message content: clients reload the thread through the portal, which authorises again.
 */
import type { JoinReply, PresenceRole } from "./events";

export interface ThreadRef {
  dossierId: string;
  /** The indicator's code, e.g. "1.1". */
  code: string;
}

/** Someone is typing in that thread's reply box (sent at most every couple of seconds while typing). */
export interface ThreadTypingEvent extends ThreadRef {
  userId: string;
  name: string;
  role: PresenceRole;
}

export type ThreadChangeKind = "message" | "read" | "state";

/** A committed change in that thread (a message, a read, resolve/reopen): reload it. */
export interface ThreadChangedEvent extends ThreadRef {
  kind: ThreadChangeKind;
  userId: string;
}

export interface ThreadServerToClientEvents {
  "thread:typing": (event: ThreadTypingEvent) => void;
  "thread:changed": (event: ThreadChangedEvent) => void;
}

export interface ThreadClientToServerEvents {
  "threads:watch": (dossierId: string, reply: (result: JoinReply) => void) => void;
  "threads:unwatch": (dossierId: string) => void;
  "thread:typing": (ref: ThreadRef) => void;
}

export const threadsRoom = (dossierId: string) => `threads:${dossierId.toLowerCase()}`;
/** Typing is expired by receivers after this long without a new signal. */
export const TYPING_TTL_MS = 5_000;
/** Senders signal typing at most this often; the server drops faster signals. */
export const TYPING_THROTTLE_MS = 2_000;
export const THREAD_CODE = /^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/;
