import type { ColumnType, Generated, Selectable } from "kysely";
import type { Defaulted, NullableTimestamp, Timestamp } from "./types";

// Quality référentiels, their versions, criteria and indicators.

export interface ReferentielsTable {
  id: Generated<string>;
  key: string;
  name: string;
  legal_basis: Defaulted<string>;
  evidence_rule: Defaulted<string>;
  circuit_court_rule: string | null;
  notes: Defaulted<string>;
  in_force_from: ColumnType<string | null, string | null | undefined, string | null>;
  in_force_to: ColumnType<string | null, string | null | undefined, string | null>;
  is_open: Defaulted<boolean>;
  created_at: Timestamp;
}

export interface ReferentielVersionsTable {
  id: Generated<string>;
  referentiel_id: string;
  version: number;
  status: "draft" | "published";
  published_at: NullableTimestamp;
  /** Opened to new dossiers by the coordination. */
  is_open: Defaulted<boolean>;
  created_at: Timestamp;
  /** Longest description an indicator takes, in characters of visible text (the form's rule). */
  description_max_chars: Defaulted<number>;
  /** Most live evidence items an indicator takes. */
  evidence_max_per_indicator: Defaulted<number>;
}

export interface CriteriaTable {
  id: Generated<string>;
  version_id: string;
  number: number;
  title: string;
}

export interface IndicatorsTable {
  id: Generated<string>;
  version_id: string;
  criterion_id: string;
  code: string;
  position: number;
  title: string;
  verified: boolean;
  circuit_court_exempts_proof: Defaulted<boolean>;
  /** Examples of evidence the coordination suggests, shown beside the upload ("" for none). */
  evidence_examples: Defaulted<string>;
}

/** How an indicator of one version carries over to an indicator of another (issue 14.7): what is copied. */
export interface IndicatorMappingsTable {
  id: Generated<string>;
  from_indicator_id: string;
  to_indicator_id: string;
  carry_description: Defaulted<boolean>;
  carry_evidence: Defaulted<boolean>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ReferentielsTables {
  indicator_mappings: IndicatorMappingsTable;
  referentiels: ReferentielsTable;
  referentiel_versions: ReferentielVersionsTable;
  criteria: CriteriaTable;
  indicators: IndicatorsTable;
}

export type Referentiel = Selectable<ReferentielsTable>;
export type Indicator = Selectable<IndicatorsTable>;
