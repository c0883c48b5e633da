import type { Executor } from "../../db/executor";
import { queueFilterOptions } from "../examination/queue";
import { dayKeyInParis } from "../i18n/format";
import { delayReport } from "./delays.queries";
import { dashboard, type ReportFilters } from "./reporting.queries";

/** Everything the reporting page's loader reads: the figures, the delays, the filter options and the funders, in parallel. */
export async function reportingPage(db: Executor, filters: ReportFilters, today: string = dayKeyInParis(new Date())) {
  const [data, delays, options, funders] = await Promise.all([
    dashboard(db, filters),
    delayReport(db, filters, today),
    queueFilterOptions(db),
    db.selectFrom("organisations").select(["id", "name"]).where("kind", "=", "funder").orderBy("name").execute(),
  ]);
  return { data, delays, options, funders };
}
