// The reporting rollups, written only by SQL triggers (docs/decisions/013).

/** Dossiers per (region, référentiel version, status). */
export interface ReportStatusCountsTable {
  region: string | null;
  referentiel_version_id: string;
  status: string;
  n: number;
}

/** kind 'submitted' rows exist for the nil scope only; scope_id is the nil UUID or a funder organisation. */
export interface ReportDossierWeeksTable {
  scope_id: string;
  kind: "submitted" | "decided";
  /** Monday of the UTC week, 'YYYY-MM-DD'. */
  week: string;
  region: string | null;
  referentiel_version_id: string;
  n: number;
}

export interface ReportReviewWeeksTable {
  scope_id: string;
  week: string;
  region: string | null;
  referentiel_version_id: string;
  indicator_id: string;
  total: number;
  rejected: number;
}

/** report_review_weeks summed over the regions (the national view). */
export interface ReportReviewWeeksAllTable {
  scope_id: string;
  week: string;
  referentiel_version_id: string;
  indicator_id: string;
  total: number;
  rejected: number;
}

/** The same per UTC day ('YYYY-MM-DD'): the days of a partial week at either end of a period. */
export interface ReportReviewDaysTable {
  scope_id: string;
  day: string;
  region: string | null;
  referentiel_version_id: string;
  indicator_id: string;
  total: number;
  rejected: number;
}

export interface ReportingTables {
  report_status_counts: ReportStatusCountsTable;
  report_dossier_weeks: ReportDossierWeeksTable;
  report_review_weeks: ReportReviewWeeksTable;
  report_review_weeks_all: ReportReviewWeeksAllTable;
  report_review_days: ReportReviewDaysTable;
}
