import type { Executor } from "../../db/executor";
import { queueFilterOptions } from "../examination/queue";
import { dashboard, type ReportFilters } from "./reporting.queries";

/** Everything the reporting page's loader reads: the figures, the filter options and the funders, in parallel. */
export async function reportingPage(db: Executor, filters: ReportFilters) {
  const [data, options, funders] = await Promise.all([
    dashboard(db, filters),
    queueFilterOptions(db),
    db.selectFrom("organisations").select(["id", "name"]).where("kind", "=", "funder").orderBy("name").execute(),
  ]);
  return { data, options, funders };
}
