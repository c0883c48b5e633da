import type { ColumnType } from "kysely";

/** Fixed-window API request counts per key (migration 2026-11-29-1000-api-rate-windows). */
export interface ApiRateWindowsTable {
  api_key_id: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  hits: ColumnType<number, number | undefined, number>;
}

export interface ApiRateTables {
  api_rate_windows: ApiRateWindowsTable;
}
