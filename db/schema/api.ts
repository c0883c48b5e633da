import type { ColumnType, Generated, Selectable } from "kysely";
import type { Defaulted, Json, NullableTimestamp, Timestamp } from "./types";

// The funders' API: keys, their rate windows, webhooks and their deliveries.

export type ApiKeyScope = "read" | "read-write";
export type WebhookEvent = "dossier.status_changed" | "catalogue.changed";
export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

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

/** Fixed-window API request counts per funder, all its keys together. */
export interface ApiRateWindowsTable {
  funder_id: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  hits: Defaulted<number>;
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
  status: Defaulted<WebhookDeliveryStatus>;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
  /** The domain event announced (null for deliveries queued without one): unique with webhook_id. */
  domain_event_id: string | null;
}

export interface ApiTables {
  api_keys: ApiKeysTable;
  api_rate_windows: ApiRateWindowsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type ApiKey = Selectable<ApiKeysTable>;
export type Webhook = Selectable<WebhooksTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
