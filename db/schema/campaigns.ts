import type { ColumnType, Generated, Selectable } from "kysely";
import type { Defaulted, Timestamp } from "./types";

// Control campaigns (decision record 048): a stratified random draw of datadocké OFs
// from a recorded seed, its population snapshot, and the controls opened for the drawn OFs.

export interface ControlCampaignsTable {
  id: Generated<string>;
  name: string;
  /** The reason given to each OF with its control. */
  reason: string;
  referentiel_version_id: string;
  indicator_ids: ColumnType<string[], string[], string[]>;
  /** The share drawn, in basis points (250 = 2.5 %). */
  percent_bp: number;
  /** The regions the population was narrowed to ('' for "not given"); empty: every region. */
  regions: ColumnType<string[], string[] | undefined, string[]>;
  /** 0 … 2^32 − 1; int8, read as a string on both drivers. */
  seed: ColumnType<string, string, never>;
  /** The draw's algorithm and version, so a later change keeps old campaigns verifiable. */
  algorithm: string;
  population_size: number;
  /** SHA-256 of the population snapshot (region and organisation id, one per line, in draw order). */
  population_hash: string;
  drawn_count: number;
  created_by: string | null;
  created_at: Timestamp;
}

/** The population a campaign was drawn from, as it was; `drawn_position` for the OFs drawn (0-based). */
export interface ControlCampaignPopulationTable {
  campaign_id: string;
  organisation_id: string;
  region: string;
  drawn_position: number | null;
}

export type CampaignMemberState = "pending" | "opened" | "skipped";

/** A drawn OF: its datadocké dossier and the control opened on it (or why none was). */
export interface ControlCampaignMembersTable {
  campaign_id: string;
  organisation_id: string;
  dossier_id: string;
  region: string;
  state: Defaulted<CampaignMemberState>;
  control_id: string | null;
  /** Catalogue key of the reason a control could not be opened. */
  skip_reason: string | null;
  updated_at: Timestamp;
}

export interface CampaignsTables {
  control_campaigns: ControlCampaignsTable;
  control_campaign_population: ControlCampaignPopulationTable;
  control_campaign_members: ControlCampaignMembersTable;
}

export type ControlCampaign = Selectable<ControlCampaignsTable>;
