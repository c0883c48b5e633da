/**
 * socket.io events of the portal's live layer (presence, thread messages), typed once for the
 * server (collab/presence/) and the browser (app/). Isomorphic: type-only imports, erased from the bundle.
 */
import type { LiveSide } from "../../domain/permissions/actor-side";
import type { ThreadClientToServerEvents, ThreadServerToClientEvents } from "./thread-events";

/** The side a connected person is shown under, decided in domain/ (`liveSideOf`). */
export type PresenceRole = LiveSide;

/** One connected person as others see them. */
export interface PresenceMember {
  userId: string;
  name: string;
  role: PresenceRole;
  organisationName: string;
  /** The indicator code they have open, as their page states it, or null. */
  indicator: string | null;
  /** What they are doing on it. */
  activity: PresenceActivity;
  since: string;
}

/** What a person does on the indicator they have open. */
export type PresenceActivity = "reading" | "writing-notes" | "deciding";
export const PRESENCE_ACTIVITIES: readonly PresenceActivity[] = ["reading", "writing-notes", "deciding"];

/** Where a person is in a dossier: the indicator they have open and what they do there. */
export interface PresencePlacePayload {
  dossierId: string;
  /** The indicator code open in their page (null: none). `indicator` is the older name of this field. */
  indicatorCode?: string | null;
  indicator?: string | null;
  activity?: PresenceActivity;
}

/** A committee's chair moves every member to an indicator (funder side only, decision record 035). */
export interface CommitteeMovePayload {
  dossierId: string;
  indicatorCode: string;
}

export type CommitteeMark = "agree" | "disagree";

/** The chair proposes a decision on an indicator; members mark it (decision record 035). */
export interface CommitteeProposePayload {
  dossierId: string;
  indicatorCode: string;
  decision: "valide" | "a_completer" | "non_conforme";
}

export interface CommitteeProposedEvent extends CommitteeProposePayload {
  byUserId: string;
  byName: string;
  at: string;
}

/** A member's mark on the decision proposed for an indicator. */
export interface CommitteeMarkPayload {
  dossierId: string;
  indicatorCode: string;
  decision: "valide" | "a_completer" | "non_conforme";
  mark: CommitteeMark;
}

export interface CommitteeMovedEvent extends CommitteeMovePayload {
  byUserId: string;
  byName: string;
  at: string;
}

export interface CommitteeMarkedEvent extends CommitteeMarkPayload {
  userId: string;
  name: string;
  at: string;
}

export type CommitteeReply = { ok: true } | { ok: false; error: "invalid" | "forbidden" | "no_committee" };

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

/**
 * Something changed in a dossier (committed already): pushed to the dossier's room and its organisation's
 * room so open pages reload their data. Carries nothing an OF may not see (no decision, no reason).
 * Kind "committee" (a committee session ended) goes to the funder side of the dossier's room only.
 */
export interface DossierChangeEvent {
  dossierId: string;
  organisationId: string | null;
  kind: "decision" | "status" | "evidence" | "message" | "committee";
  indicatorCode: string | null;
  at: string;
}

/**
 * An expert request changed (issue 15.7, committed already): pushed to the request's room (its expert)
 * and to the funder side of its dossier's room, never to the OF. Carries no content: pages reload.
 * "withdrawn" is the last event of the request's room: its sockets are then taken out of it.
 */
export interface ExpertRequestChangeEvent {
  requestId: string;
  dossierId: string;
  kind: "requested" | "message" | "withdrawn";
}

/** The activity feed's kinds and lines are the domain's (type-only: nothing reaches the browser bundle). */
import type { ActivityItem } from "../../domain/collab/activity-feed.service";
export type { ActivityKind } from "../../domain/collab/activity-filters";
export type ActivityFeedEvent = ActivityItem;

/** A bulk job's progress and, once done, its outcome (decision record 043): to the sockets of the person who started it. */
import type { BulkJobView } from "../../domain/bulk/bulk-jobs.service";
export type BulkJobProgressEvent = BulkJobView;

export type JoinReply = { ok: true } | { ok: false; error: "invalid" | "forbidden" };

export interface ServerToClientEvents extends ThreadServerToClientEvents {
  "presence:state": (payload: { dossierId: string; members: PresenceMember[] }) => void;
  "thread:message": (event: ThreadMessageEvent) => void;
  "activity:state": (entries: ActivityEntry[]) => void;
  /** Coordinators watching the Activité page: one new feed line. */
  "activity:event": (event: ActivityFeedEvent) => void;
  "dossier:changed": (event: DossierChangeEvent) => void;
  /** The user's own bulk job moved on (to their user room only). */
  "bulk:progress": (event: BulkJobProgressEvent) => void;
  /** Funder side of the dossier's room only: the chair moved the committee. */
  "committee:moved": (event: CommitteeMovedEvent) => void;
  /** Funder side of the dossier's room only: the chair proposed a decision on an indicator. */
  "committee:proposed": (event: CommitteeProposedEvent) => void;
  /** Funder side of the dossier's room only: a member marked the proposed decision. */
  "committee:marked": (event: CommitteeMarkedEvent) => void;
  /** The expert in the request's room, and the funder side of the dossier's room: an expert request changed. */
  "expert:changed": (event: ExpertRequestChangeEvent) => void;
}

export interface ClientToServerEvents extends ThreadClientToServerEvents {
  "dossier:join": (dossierId: string, reply: (result: JoinReply) => void) => void;
  "dossier:leave": (dossierId: string) => void;
  /** An OF's space: funders and coordinators any OF, OF staff their own organisation only. */
  "organisation:join": (organisationId: string, reply: (result: JoinReply) => void) => void;
  "organisation:leave": (organisationId: string) => void;
  /** The indicator the person has open and their activity; the optional ack says whether it was accepted. */
  "presence:indicator": (payload: PresencePlacePayload, reply?: (result: JoinReply) => void) => void;
  /** The committee's chair only (open committee session on the dossier). */
  "committee:move": (payload: CommitteeMovePayload, reply: (result: CommitteeReply) => void) => void;
  /** The committee's chair only: the decision put to the members on an indicator. */
  "committee:propose": (payload: CommitteeProposePayload, reply: (result: CommitteeReply) => void) => void;
  /** A funder in the dossier's room, while a committee is open. */
  "committee:mark": (payload: CommitteeMarkPayload, reply: (result: CommitteeReply) => void) => void;
  /** The expert of a standing request only (canActAsExpert): hear its changes (`expert:changed`). */
  "expert:join": (requestId: string, reply: (result: JoinReply) => void) => void;
  "expert:leave": (requestId: string) => void;
  /** Coordinators only: receive `activity:state` now and on every change. */
  "activity:watch": (reply: (result: JoinReply) => void) => void;
}

export const dossierRoom = (dossierId: string) => `dossier:${dossierId.toLowerCase()}`;
/** The funder side of a dossier's room (funders and coordinators who joined it): never the OF. */
export const reviewersRoom = (dossierId: string) => `reviewers:${dossierId.toLowerCase()}`;
export const organisationRoom = (organisationId: string) => `organisation:${organisationId.toLowerCase()}`;
export const userRoom = (userId: string) => `user:${userId}`;
/** An expert request's room (issue 15.7): its expert, while the request stands. */
export const expertRoom = (requestId: string) => `expert:${requestId.toLowerCase()}`;
export const ACTIVITY_ROOM = "activity";
export const PRESENCE_PATH = "/socket.io";
