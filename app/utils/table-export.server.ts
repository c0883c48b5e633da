import { EXPORT_CONTENT_TYPES, tableToCsv, tableToXlsx, type ExportFormat, type ExportTable } from "../../domain/exports/table-export";
import { BULK_SELECTION_MAX } from "../../domain/bulk/bulk-actions.schema";
import { isUuid } from "../../domain/validation/fields";
import { httpError } from "./http-errors.server";

/** The export format asked for (`?format=xlsx`, CSV otherwise). */
export function exportFormat(url: URL): ExportFormat {
  return url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
}

/**
 * The rows ticked on the page (`id`, repeated: the bulk form's export, issue 15.3), or undefined for
 * every row matching the filter (no id, or `scope=all`). Ids that are not uuids are left out; an export
 * naming more ids than a selection may hold is the French 400 page.
 */
export function exportedIds(url: URL): string[] | undefined {
  if (url.searchParams.get("scope") === "all") return undefined;
  const ids = url.searchParams.getAll("id");
  if (ids.length === 0) return undefined;
  if (ids.length > BULK_SELECTION_MAX) throw httpError(400, "bulk.selection.tooMany");
  return ids.filter((id) => isUuid(id));
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
