import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;

export type CoordinationAction = "referentiel.opened" | "funder.deactivated" | "funder.reactivated";

/** The coordination's platform-wide actions (migration 2026-11-29-0900-journey-gaps). */
export interface CoordinationLogTable {
  id: Generated<string>;
  actor_id: string | null;
  action: CoordinationAction;
  subject_id: string | null;
  payload: Json;
  created_at: Timestamp;
}

/** Columns added to existing tables by the same migration (merged into their table types in schema.ts). */
export interface ReferentielVersionsJourneyGaps {
  is_open: ColumnType<boolean, boolean | undefined, boolean>;
}
export interface IndicatorAnswersJourneyGaps {
  changed_at_last_submission: ColumnType<boolean, boolean | undefined, boolean>;
}
export interface AlertsJourneyGaps {
  closed_at: NullableTimestamp;
  closed_by: string | null;
  closing_note: string | null;
}
export interface OrganisationsJourneyGaps {
  deactivated_at: NullableTimestamp;
}

export interface JourneyGapsTables {
  coordination_log: CoordinationLogTable;
}
