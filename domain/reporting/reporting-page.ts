import type { Executor } from "../../db/executor";
import { queueFilterOptions } from "../examination/queue";
import { dayKeyInParis } from "../i18n/format";
import { delayReport } from "./delays.queries";
import { dashboard, type ReportFilters } from "./reporting.queries";
import { campaignsReport } from "../campaigns/campaign-progress.queries";

/** Everything the reporting page's loader reads: the figures, the delays, the filter options, the funders and the control campaigns, in parallel. */
export async function reportingPage(db: Executor, filters: ReportFilters, today: string = dayKeyInParis(new Date())) {
  const [data, delays, options, funders, campaigns] = await Promise.all([
    dashboard(db, filters),
    delayReport(db, filters, today),
    queueFilterOptions(db),
    db.selectFrom("organisations").select(["id", "name"]).where("kind", "=", "funder").orderBy("name").execute(),
    campaignsReport(db, filters),
  ]);
  return { data, delays, options, funders, campaigns };
}
