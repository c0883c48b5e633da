import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { DateString, Defaulted, NullableTimestamp, Timestamp } from "./types";

// Organisations (OFs, funders, the coordination), their change log, and the circuit-court
// labels and certificates an OF declares.

export type OrganisationKind = "of" | "funder" | "coordination";

export interface OrganisationsTable {
  id: Generated<string>;
  kind: OrganisationKind;
  name: string;
  siren: string | null;
  siret: string | null;
  nda: string | null;
  address: string | null;
  postal_code: string | null;
  city: string | null;
  region: string | null;
  website: string | null;
  contact_email: string | null;
  phone: string | null;
  training_domains: ColumnType<string[], string[] | undefined, string[]>;
  /** Set when the coordination deactivates a funder. */
  deactivated_at: NullableTimestamp;
  /** Folded name, identifiers, postal code, city and region, kept by PostgreSQL (decision 040); never written. */
  search_text: ColumnType<string | null, never, never>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One row per profile field an OF changed. */
export interface OrganisationChangesTable {
  id: Generated<string>;
  organisation_id: string;
  changed_by: string | null;
  field: string;
  old_value: string | null;
  new_value: string | null;
  created_at: Timestamp;
}

/** The CNEFOP's list of labels giving a "circuit court". */
export interface CnefopLabelsTable {
  id: Generated<string>;
  name: string;
  active: Defaulted<boolean>;
  created_at: Timestamp;
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
  /** The examiner's check (issue 14.4): the exemption from evidence applies only once validated. */
  review_status: Defaulted<CertificateReviewStatus>;
  reviewed_by: string | null;
  reviewed_at: NullableTimestamp;
  review_reason: string | null;
  /** When the OF was told the certificate expires within 60 days (once). */
  expiry_warned_at: NullableTimestamp;
  /** When the OF and the funders were told it expired (once). */
  expired_notified_at: NullableTimestamp;
}

export type CertificateReviewStatus = "pending" | "validated" | "refused";

export interface OrganisationsTables {
  organisations: OrganisationsTable;
  organisation_changes: OrganisationChangesTable;
  cnefop_labels: CnefopLabelsTable;
  circuit_court_certificates: CircuitCourtCertificatesTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type OrganisationChange = Selectable<OrganisationChangesTable>;
export type CircuitCourtCertificate = Selectable<CircuitCourtCertificatesTable>;
