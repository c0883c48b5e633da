import type { Executor } from "../../db/executor";
import * as q from "./reporting.queries";
import type { ExportTable } from "../exports/table-export";
import { delaysByExaminer, delaysByFunder, delaysByStage, type DelayRow } from "./delays.queries";
import { DELAY_STAGES } from "../delays/delay-rules";
import { dayKeyInParis, machineDecimal } from "../i18n/format";
import { campaignsReport } from "../campaigns/campaign-progress.queries";

export const REPORTING_TABLES = [
  "byStatus",
  "byRegion",
  "weeks",
  "rejection",
  "backlog",
  "throughput",
  "delayStages",
  "delayFunders",
  "delayExaminers",
  "campaigns",
] as const;
export type ReportingTable = (typeof REPORTING_TABLES)[number];

export function isReportingTable(value: string | null): value is ReportingTable {
  return (REPORTING_TABLES as readonly (string | null)[]).includes(value);
}

/** Days with one decimal (for spreadsheets), or empty. */
const days = (value: number | null) => (value === null ? "" : machineDecimal(value, 1));
const share = (value: number | null) => (value === null ? "" : machineDecimal(value, 4));
/** The per-funder and per-examiner delay columns (decision record 045): per stage its count, median and 90th percentile, then the late share. */
const DELAY_HEADER = [
  ...DELAY_STAGES.flatMap((s) => [`${s}_nombre`, `${s}_mediane_jours`, `${s}_p90_jours`]),
  "etapes",
  "en_retard",
  "part_en_retard",
];
const delayCells = (r: DelayRow) => [
  ...DELAY_STAGES.flatMap((s) => [r.stages[s].count, days(r.stages[s].median), days(r.stages[s].p90)]),
  r.total.count,
  r.total.late,
  share(r.total.lateShare),
];

/** One table of the reporting page with the page's filters, as exported in CSV and XLSX (issue 15.5). */
export async function reportingTable(db: Executor, filters: q.ReportFilters, table: ReportingTable): Promise<ExportTable> {
  const name = `rapport-${table}`;
  switch (table) {
    case "byStatus":
      return { name, header: ["statut", "nombre"], rows: (await q.ofsByStatus(db, filters)).map((r) => [r.status, r.count]) };
    case "byRegion":
      return {
        name,
        header: ["region", "total", "datadocke"],
        rows: (await q.ofsByRegion(db, filters)).map((r) => [r.region, r.total, r.datadocke]),
      };
    case "weeks":
      return {
        name,
        header: ["semaine", "soumissions", "decisions"],
        rows: (await q.perWeek(db, filters)).map((r) => [r.week, r.submissions, r.decisions]),
      };
    case "rejection":
      return {
        name,
        header: ["indicateur", "libelle", "total", "rejets", "taux"],
        rows: (await q.rejectionRateByIndicator(db, filters)).map((r) => [r.code, r.title, r.total, r.rejected, machineDecimal(r.rate, 4)]),
      };
    case "backlog":
      return { name, header: ["anciennete_jours", "nombre"], rows: (await q.backlogByAge(db, filters)).map((r) => [r.bucket, r.count]) };
    case "throughput":
      return {
        name,
        header: ["examinateur", "clotures", "datadockes"],
        rows: (await q.throughputByExaminer(db, filters)).map((r) => [r.name, r.closed, r.datadocke]),
      };
    case "delayStages":
      return {
        name,
        header: ["etape", "terminees", "mediane_jours", "p90_jours", "en_retard", "part_en_retard", "en_retard_aujourdhui"],
        rows: (await delaysByStage(db, filters, dayKeyInParis(new Date()))).map((r) => [
          r.stage,
          r.count,
          days(r.median),
          days(r.p90),
          r.late,
          share(r.lateShare),
          r.openLate,
        ]),
      };
    case "delayFunders":
      return {
        name,
        header: ["financeur", ...DELAY_HEADER],
        rows: (await delaysByFunder(db, filters)).map((r) => [r.name, ...delayCells(r)]),
      };
    case "delayExaminers":
      return {
        name,
        header: ["examinateur", "financeur", ...DELAY_HEADER],
        rows: (await delaysByExaminer(db, filters)).map((r) => [r.name, r.funderName ?? "", ...delayCells(r)]),
      };
    case "campaigns":
      return {
        name,
        header: ["campagne", "creee_le", "tires", "ouverts", "ecartes", "reponses", "clos", "maintenus", "non_conformes", "dereferences"],
        rows: (await campaignsReport(db, filters)).map((r) => [
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
      };
  }
}
