import type { ColumnType, Generated, Selectable } from "kysely";
import type { AlertsJourneyGaps } from "./schema-journey-gaps";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;

export type CatalogueAction = "added" | "removed";
export type ApiKeyScope = "read" | "read-write";
export type WebhookEvent = "dossier.status_changed" | "catalogue.changed";
export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";
export type FunderNoteKind = "note" | "comment" | "document";

export interface CatalogueEntriesTable {
  id: Generated<string>;
  funder_id: string;
  organisation_id: string;
  reason: string | null;
  added_by: string | null;
  added_at: Timestamp;
}

export interface CatalogueHistoryTable {
  id: Generated<string>;
  funder_id: string;
  organisation_id: string;
  action: CatalogueAction;
  reason: string | null;
  actor_id: string | null;
  created_at: Timestamp;
}

export interface AlertsTable extends AlertsJourneyGaps {
  id: Generated<string>;
  organisation_id: string;
  raised_by: string | null;
  raised_by_organisation_id: string | null;
  reason: string;
  file_id: string | null;
  status: ColumnType<"open" | "closed", "open" | "closed" | undefined, "open" | "closed">;
  created_at: Timestamp;
}

export interface ControlsTable {
  id: Generated<string>;
  dossier_id: string;
  alert_id: string | null;
  opened_by: string | null;
  reason: string;
  indicator_ids: ColumnType<string[], string[], string[]>;
  created_at: Timestamp;
  closed_at: NullableTimestamp;
}

export interface FunderNotesTable {
  id: Generated<string>;
  organisation_id: string;
  author_id: string | null;
  author_organisation_id: string | null;
  kind: FunderNoteKind;
  body: string;
  file_id: string | null;
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<string>;
  funder_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scope: ApiKeyScope;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface WebhooksTable {
  id: Generated<string>;
  funder_id: string;
  url: string;
  secret: string;
  events: ColumnType<string[], string[], string[]>;
  created_by: string | null;
  created_at: Timestamp;
  disabled_at: NullableTimestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  webhook_id: string;
  event: string;
  payload: Json;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
}

export interface FunderJourneyTables {
  catalogue_entries: CatalogueEntriesTable;
  catalogue_history: CatalogueHistoryTable;
  alerts: AlertsTable;
  controls: ControlsTable;
  funder_notes: FunderNotesTable;
  api_keys: ApiKeysTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type CatalogueEntry = Selectable<CatalogueEntriesTable>;
export type Alert = Selectable<AlertsTable>;
export type FunderNote = Selectable<FunderNotesTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type Webhook = Selectable<WebhooksTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
