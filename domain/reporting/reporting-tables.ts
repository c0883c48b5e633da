import type { Executor } from "../../db/executor";
import * as q from "./reporting.queries";
import type { ExportTable } from "../exports/table-export";

export const REPORTING_TABLES = ["byStatus", "byRegion", "weeks", "rejection", "backlog", "throughput"] as const;
export type ReportingTable = (typeof REPORTING_TABLES)[number];

export function isReportingTable(value: string | null): value is ReportingTable {
  return (REPORTING_TABLES as readonly (string | null)[]).includes(value);
}

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
        rows: (await q.rejectionRateByIndicator(db, filters)).map((r) => [r.code, r.title, r.total, r.rejected, r.rate.toFixed(4)]),
      };
    case "backlog":
      return { name, header: ["anciennete_jours", "nombre"], rows: (await q.backlogByAge(db, filters)).map((r) => [r.bucket, r.count]) };
    case "throughput":
      return {
        name,
        header: ["examinateur", "clotures", "datadockes"],
        rows: (await q.throughputByExaminer(db, filters)).map((r) => [r.name, r.closed, r.datadocke]),
      };
  }
}
