import type { Generated } from "kysely";
import type { Json, NullableTimestamp, Timestamp } from "./types";

// In-portal notifications, per user.

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  payload: Json;
  read_at: NullableTimestamp;
  /** 'pending' until the daily digest mails it, then 'sent'; null when its kind is not set to digest. */
  digest: "pending" | "sent" | null;
  created_at: Timestamp;
}

/** A user's channel for one kind, when it differs from the default (domain/notifications/notification-preferences.ts). */
export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  channel: "in_app" | "immediate" | "digest";
  updated_at: Timestamp;
}

export interface NotificationsTables {
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
}
