import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportFilters } from "../utils/reporting.server";
import { isReportingTable, reportingTable } from "../../domain/reporting/reporting-tables";
import { exportFormat, exportResponse } from "../utils/table-export.server";
import { httpError } from "../utils/http-errors.server";
import { withHtmlErrors } from "../utils/resource-error.server";

/**
 * One reporting table (?table=byStatus|byRegion|weeks|rejection|backlog|throughput|delayStages|delayFunders|delayExaminers|campaigns) with the page's
 * filters, as CSV, or XLSX with `?format=xlsx` (issue 15.5); the address keeps its historical `.csv`.
 */
export const loader = withHtmlErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const { filters } = reportFilters(request, context);
  const url = new URL(request.url);
  const table = url.searchParams.get("table");
  if (!isReportingTable(table)) throw httpError(404);
  return exportResponse(await reportingTable(context.services.db, filters, table), exportFormat(url), `rapport-${table}`);
});
