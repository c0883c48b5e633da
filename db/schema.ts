import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { ApiRateTables } from "./schema-api-rate";
import type { DomainEventTables } from "./schema-domain-events";
import type { WhoDecidesTables } from "./schema-who-decides";
import type { DossierContentTables } from "./schema-dossier-content";
import type { FunderJourneyTables } from "./schema-funder-journey";
import type { OfJourneyTables } from "./schema-of-journey";
import type { ReportingTables } from "./schema-reporting";
import type { PresenceTables } from "./schema-presence";
import type { ThreadTables } from "./schema-threads";
import type { CollabVersionsTables } from "./schema-collab-versions";
import type { JourneyGapsTables, OrganisationsJourneyGaps, ReferentielVersionsJourneyGaps } from "./schema-journey-gaps";

export * from "./schema-dossier-content";
export * from "./schema-funder-journey";
export * from "./schema-of-journey";
export * from "./schema-journey-gaps";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;

export type OrganisationKind = "of" | "funder" | "coordination";
export type Role = "of_admin" | "of_member" | "funder_reviewer" | "funder_admin" | "coordinator";
export type EmailTokenKind = "verify_email" | "reset_password" | "invitation";
export type DossierStatus =
  | "brouillon"
  | "soumis"
  | "en_examen"
  | "a_completer"
  | "datadocke"
  | "non_conforme"
  | "dereference";

export interface OrganisationsTable extends OrganisationsJourneyGaps {
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
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  full_name: ColumnType<string, string | undefined, string>;
  password_hash: string | null;
  email_verified_at: NullableTimestamp;
  disabled_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface MembershipsTable {
  id: Generated<string>;
  user_id: string;
  organisation_id: string;
  role: Role;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
}

export interface EmailTokensTable {
  id: Generated<string>;
  token_hash: string;
  kind: EmailTokenKind;
  email: string;
  user_id: string | null;
  organisation_id: string | null;
  role: Role | null;
  invited_by: string | null;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

/** Failed logins per (account, address), and per address when account is ''. */
export interface LoginThrottlesTable {
  account: string;
  address: string;
  failures: number;
  last_failure_at: Timestamp;
  blocked_until: Timestamp;
}

export interface ReferentielsTable {
  id: Generated<string>;
  key: string;
  name: string;
  legal_basis: ColumnType<string, string | undefined, string>;
  evidence_rule: ColumnType<string, string | undefined, string>;
  circuit_court_rule: string | null;
  notes: ColumnType<string, string | undefined, string>;
  in_force_from: ColumnType<string | null, string | null | undefined, string | null>;
  in_force_to: ColumnType<string | null, string | null | undefined, string | null>;
  is_open: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface ReferentielVersionsTable extends ReferentielVersionsJourneyGaps {
  id: Generated<string>;
  referentiel_id: string;
  version: number;
  status: "draft" | "published";
  published_at: NullableTimestamp;
  created_at: Timestamp;
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
  circuit_court_exempts_proof: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface CnefopLabelsTable {
  id: Generated<string>;
  name: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface DossiersTable {
  id: Generated<string>;
  organisation_id: string;
  referentiel_version_id: string;
  status: ColumnType<DossierStatus, DossierStatus | undefined, DossierStatus>;
  submitted_at: NullableTimestamp;
  decided_at: NullableTimestamp;
  examiner_id: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DossierEventsTable {
  id: Generated<string>;
  dossier_id: string;
  actor_id: string | null;
  kind: string;
  payload: Json;
  created_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  payload: Json;
  read_at: NullableTimestamp;
  created_at: Timestamp;
}

/** A collaborative document's compacted Yjs state (one update holding everything up to the compaction). */
export interface CollabDocumentsTable {
  name: string;
  state: Uint8Array;
  updated_at: Timestamp;
}

/** Yjs updates appended as they happen, folded into collab_documents by compaction. */
export interface CollabUpdatesTable {
  id: Generated<string>;
  document_name: string;
  update: Uint8Array;
  created_at: Timestamp;
}

/** Every table. Areas with many tables keep them in their own schema-*.ts file, merged here. */
export interface Database extends DossierContentTables, OfJourneyTables, FunderJourneyTables, JourneyGapsTables, ReportingTables, PresenceTables, ThreadTables, CollabVersionsTables, ApiRateTables, WhoDecidesTables, DomainEventTables {
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  login_throttles: LoginThrottlesTable;
  referentiels: ReferentielsTable;
  referentiel_versions: ReferentielVersionsTable;
  criteria: CriteriaTable;
  indicators: IndicatorsTable;
  cnefop_labels: CnefopLabelsTable;
  dossiers: DossiersTable;
  dossier_events: DossierEventsTable;
  notifications: NotificationsTable;
  collab_documents: CollabDocumentsTable;
  collab_updates: CollabUpdatesTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
export type Session = Selectable<SessionsTable>;
export type EmailToken = Selectable<EmailTokensTable>;
export type Referentiel = Selectable<ReferentielsTable>;
export type Indicator = Selectable<IndicatorsTable>;
export type Dossier = Selectable<DossiersTable>;
