import type { Generated } from "kysely";
import type { Json, Timestamp } from "./types";

// The coordination's platform-wide actions.

export type CoordinationAction =
  "referentiel.opened" | "funder.deactivated" | "funder.reactivated" | "delay_rules.updated" | "control_campaign.created";

export interface CoordinationLogTable {
  id: Generated<string>;
  actor_id: string | null;
  action: CoordinationAction;
  subject_id: string | null;
  payload: Json;
  created_at: Timestamp;
}

export interface CoordinationTables {
  coordination_log: CoordinationLogTable;
}
