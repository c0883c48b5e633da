import { EXPORT_CONTENT_TYPES, tableToCsv, tableToXlsx, type ExportFormat, type ExportTable } from "../../domain/exports/table-export";

/** The export format asked for (`?format=xlsx`, CSV otherwise). */
export function exportFormat(url: URL): ExportFormat {
  return url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
}

/** The table as a download: `<base>-<yyyy-mm-dd>.<format>`, never cached. */
export async function exportResponse(table: ExportTable, format: ExportFormat, base: string): Promise<Response> {
  const body = format === "xlsx" ? await tableToXlsx(table) : tableToCsv(table);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": EXPORT_CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${base}-${day}.${format}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
