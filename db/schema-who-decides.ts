import type { ColumnType, Generated } from "kysely";

/** Co-examiners added by a dossier's examiner (migration 2026-12-01-0220-co-examiners-and-de-listings). */
export interface DossierCoExaminersTable {
  dossier_id: string;
  user_id: string;
  added_by: string | null;
  added_at: ColumnType<Date, Date | string | undefined, never>;
}

/** One row per de-listing (dé-référencement), with its written reason. */
export interface DeListingsTable {
  id: Generated<string>;
  organisation_id: string;
  dossier_id: string;
  decided_by: string | null;
  decided_by_organisation_id: string | null;
  reason: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface WhoDecidesTables {
  dossier_co_examiners: DossierCoExaminersTable;
  de_listings: DeListingsTable;
}
