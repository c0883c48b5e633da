import type { ColumnType } from "kysely";

/** Fixed-window API request counts per funder, all its keys together (migration 2026-11-30-1100-api-rate-per-funder). */
export interface ApiRateWindowsTable {
  funder_id: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  hits: ColumnType<number, number | undefined, number>;
}

export interface ApiRateTables {
  api_rate_windows: ApiRateWindowsTable;
}
