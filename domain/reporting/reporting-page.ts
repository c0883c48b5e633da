import type { Executor } from "../../db/executor";
import { queueFilterOptions } from "../examination/queue";
import { dashboard, type ReportFilters } from "./reporting.queries";
import { campaignsReport } from "../campaigns/campaign-progress.queries";

/** Everything the reporting page's loader reads: the figures, the filter options, the funders and the control campaigns, in parallel. */
export async function reportingPage(db: Executor, filters: ReportFilters) {
  const [data, options, funders, campaigns] = await Promise.all([
    dashboard(db, filters),
    queueFilterOptions(db),
    db.selectFrom("organisations").select(["id", "name"]).where("kind", "=", "funder").orderBy("name").execute(),
    campaignsReport(db, filters),
  ]);
  return { data, options, funders, campaigns };
}
