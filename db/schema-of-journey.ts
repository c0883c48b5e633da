import type { ColumnType, Generated, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** `date` columns come back as 'YYYY-MM-DD' strings on both drivers (db/client.ts parsers). */
type DateString = ColumnType<string, string, string>;

export type SelfAssessmentLevel = "oui" | "en_partie" | "non";
export type CorrectiveActionStatus = "a_faire" | "en_cours" | "fait";

export interface OrganisationChangesTable {
  id: Generated<string>;
  organisation_id: string;
  changed_by: string | null;
  field: string;
  old_value: string | null;
  new_value: string | null;
  created_at: Timestamp;
}

export interface SelfAssessmentsTable {
  dossier_id: string;
  indicator_id: string;
  level: SelfAssessmentLevel;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface CircuitCourtCertificatesTable {
  id: Generated<string>;
  organisation_id: string;
  label_id: string;
  file_id: string;
  valid_from: DateString;
  valid_to: DateString;
  declared_by: string | null;
  withdrawn_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface CorrectiveActionsTable {
  id: Generated<string>;
  dossier_id: string;
  indicator_id: string;
  what: string;
  who: string;
  due_on: DateString;
  status: ColumnType<CorrectiveActionStatus, CorrectiveActionStatus | undefined, CorrectiveActionStatus>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OfJourneyTables {
  organisation_changes: OrganisationChangesTable;
  self_assessments: SelfAssessmentsTable;
  circuit_court_certificates: CircuitCourtCertificatesTable;
  corrective_actions: CorrectiveActionsTable;
}

export type OrganisationChange = Selectable<OrganisationChangesTable>;
export type CorrectiveAction = Selectable<CorrectiveActionsTable>;
export type CircuitCourtCertificate = Selectable<CircuitCourtCertificatesTable>;
