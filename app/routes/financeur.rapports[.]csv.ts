import type { LoaderFunctionArgs } from "@remix-run/node";
import * as q from "../../domain/reporting/reporting.queries";
import { campaignsReport } from "../../domain/campaigns/campaign-progress.queries";
import { toCsv } from "../../domain/catalogues/catalogue-csv";
import { reportFilters } from "../utils/reporting.server";
import { httpError } from "../utils/http-errors.server";

/** CSV of one reporting table (?table=byStatus|byRegion|weeks|rejection|backlog|throughput|campaigns), same filters as the page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { filters } = reportFilters(request, context);
  const db = context.services.db;
  const table = new URL(request.url).searchParams.get("table");
  let csv: string;
  switch (table) {
    case "byStatus":
      csv = toCsv(
        ["statut", "nombre"],
        (await q.ofsByStatus(db, filters)).map((r) => [r.status, r.count]),
      );
      break;
    case "byRegion":
      csv = toCsv(
        ["region", "total", "datadocke"],
        (await q.ofsByRegion(db, filters)).map((r) => [r.region, r.total, r.datadocke]),
      );
      break;
    case "weeks":
      csv = toCsv(
        ["semaine", "soumissions", "decisions"],
        (await q.perWeek(db, filters)).map((r) => [r.week, r.submissions, r.decisions]),
      );
      break;
    case "rejection":
      csv = toCsv(
        ["indicateur", "libelle", "total", "rejets", "taux"],
        (await q.rejectionRateByIndicator(db, filters)).map((r) => [r.code, r.title, r.total, r.rejected, r.rate.toFixed(4)]),
      );
      break;
    case "backlog":
      csv = toCsv(
        ["anciennete_jours", "nombre"],
        (await q.backlogByAge(db, filters)).map((r) => [r.bucket, r.count]),
      );
      break;
    case "throughput":
      csv = toCsv(
        ["examinateur", "clotures", "datadockes"],
        (await q.throughputByExaminer(db, filters)).map((r) => [r.name, r.closed, r.datadocke]),
      );
      break;
    case "campaigns":
      csv = toCsv(
        ["campagne", "creee_le", "tires", "ouverts", "ecartes", "reponses", "clos", "maintenus", "non_conformes", "dereferences"],
        (await campaignsReport(db, filters)).map((r) => [
          r.name,
          r.createdAt,
          r.drawn,
          r.opened,
          r.skipped,
          r.answered,
          r.closed,
          r.maintained,
          r.nonConforme,
          r.deListed,
        ]),
      );
      break;
    default:
      throw httpError(404);
  }
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="rapport-${table}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
