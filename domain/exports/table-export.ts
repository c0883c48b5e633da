import { toCsv } from "../catalogues/catalogue-csv";

/**
 * A table exported as a file (issue 15.5): the same header and rows as CSV (the catalogue's format:
 * BOM, ";", formula injection neutralised) or as XLSX (exceljs). Cells are text, numbers or dates.
 */
export type ExportCell = string | number | Date | null | undefined;
export interface ExportTable {
  /** The sheet's name and the file's base name. */
  name: string;
  header: string[];
  rows: ExportCell[][];
}

export type ExportFormat = "csv" | "xlsx";

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export function tableToCsv(table: ExportTable): string {
  return toCsv(table.header, table.rows);
}

/** Text starting like a formula is kept as text, never evaluated by the spreadsheet. */
function safeCell(value: ExportCell): string | number | Date | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" && /^[=+\-@]/.test(value)) return `'${value}`;
  return value;
}

export async function tableToXlsx(table: ExportTable): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Datadock";
  const sheet = workbook.addWorksheet(table.name.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(table.header).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map(safeCell));
  sheet.columns.forEach((column, index) => {
    const longest = Math.max(table.header[index]?.length ?? 10, ...table.rows.slice(0, 200).map((r) => String(r[index] ?? "").length));
    column.width = Math.min(60, Math.max(10, longest + 2));
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return Uint8Array.from(buffer as unknown as Uint8Array).buffer;
}
