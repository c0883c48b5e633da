import type { Generated } from "kysely";
import type { Json, NullableTimestamp, Timestamp } from "./types";

// In-portal notifications, per user.

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  payload: Json;
  read_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface NotificationsTables {
  notifications: NotificationsTable;
}
