/** The dashboard's filters: period [from, to), region, référentiel, funder (whose staff examined the dossier). */
export interface ReportFilters {
  from: Date;
  to: Date;
  region?: string;
  referentielId?: string;
  funderId?: string;
}
