import type { LoaderFunctionArgs } from "@remix-run/node";
import * as q from "../../domain/reporting/reporting.queries";
import { delaysByExaminer, delaysByFunder, delaysByStage, type DelayRow } from "../../domain/reporting/delays.queries";
import { DELAY_STAGES } from "../../domain/delays/delay-rules";
import { dayKeyInParis } from "../../domain/i18n/format";
import { toCsv } from "../../domain/catalogues/catalogue-csv";
import { reportFilters } from "../utils/reporting.server";
import { httpError } from "../utils/http-errors.server";

/** Days with one decimal point (a CSV for spreadsheets), or empty. */
const csvDays = (value: number | null) => (value === null ? "" : value.toFixed(1));
const csvShare = (value: number | null) => (value === null ? "" : value.toFixed(4));
/** The per-funder and per-examiner delay columns: per stage its count, median and 90th percentile, then the late share. */
const DELAY_HEADER = [
  ...DELAY_STAGES.flatMap((s) => [`${s}_nombre`, `${s}_mediane_jours`, `${s}_p90_jours`]),
  "etapes",
  "en_retard",
  "part_en_retard",
];
const delayCells = (r: DelayRow) => [
  ...DELAY_STAGES.flatMap((s) => [r.stages[s].count, csvDays(r.stages[s].median), csvDays(r.stages[s].p90)]),
  r.total.count,
  r.total.late,
  csvShare(r.total.lateShare),
];

/** CSV of one reporting table (?table=byStatus|byRegion|weeks|rejection|backlog|throughput|delayStages|delayFunders|delayExaminers), same filters as the page. */
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
    case "delayStages":
      csv = toCsv(
        ["etape", "terminees", "mediane_jours", "p90_jours", "en_retard", "part_en_retard", "en_retard_aujourdhui"],
        (await delaysByStage(db, filters, dayKeyInParis(new Date()))).map((r) => [
          r.stage,
          r.count,
          csvDays(r.median),
          csvDays(r.p90),
          r.late,
          csvShare(r.lateShare),
          r.openLate,
        ]),
      );
      break;
    case "delayFunders":
      csv = toCsv(
        ["financeur", ...DELAY_HEADER],
        (await delaysByFunder(db, filters)).map((r) => [r.name, ...delayCells(r)]),
      );
      break;
    case "delayExaminers":
      csv = toCsv(
        ["examinateur", "financeur", ...DELAY_HEADER],
        (await delaysByExaminer(db, filters)).map((r) => [r.name, r.funderName ?? "", ...delayCells(r)]),
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
