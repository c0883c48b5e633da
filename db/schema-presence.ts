import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type PresencePlace = "portal" | "dossier" | "organisation";
export type ActivityKind = "decision" | "status" | "evidence" | "message" | "join" | "leave";

/** Who was connected where, from when to when (migration 2026-11-29-0700-presence-activity). */
export interface PresenceSessionsTable {
  id: Generated<string>;
  user_id: string;
  /** The server instance holding the socket: its open rows are closed when it stops or restarts. */
  instance_id: string;
  place: PresencePlace;
  dossier_id: string | null;
  organisation_id: string | null;
  started_at: Timestamp;
  ended_at: NullableTimestamp;
  end_reason: string | null;
}

/** The coordinators' activity feed, written after the change it reports was committed. */
export interface ActivityEventsTable {
  id: Generated<string>;
  kind: ActivityKind;
  actor_id: string | null;
  actor_name: string;
  /** The actor's organisation (a funder, the OF itself, the coordination). */
  actor_organisation_id: string | null;
  actor_organisation_name: ColumnType<string, string | undefined, string>;
  dossier_id: string | null;
  /** The OF the dossier belongs to. */
  organisation_id: string | null;
  organisation_name: string | null;
  indicator_code: string | null;
  /** The decision, the new status, the evidence label… */
  detail: string | null;
  created_at: Timestamp;
}

export interface PresenceTables {
  presence_sessions: PresenceSessionsTable;
  activity_events: ActivityEventsTable;
}
