import { DIRECTORY_SORTS, type DirectoryFilters, type DirectorySort } from "../../domain/organisations/directory.queries";
import { STATUS_LABEL_KEYS } from "../../domain/dossiers/status-machine";
import type { DossierStatus } from "../../domain/dossiers/status-machine";
import { isUuid, pageNumber, requireSearchParam, safeText } from "../../domain/validation/fields";

/** Rows per page of the directory. */
export const DIRECTORY_PAGE = 50;

const searchBox = safeText(200);
const regionFilter = safeText(100);

/**
 * The directory's filters from its query string (the page, its CSV and XLSX exports): q, statut,
 * region, label (CNEFOP), tri, ordre, page. A text too long or with control characters is the French
 * 400 page; an unknown choice is ignored.
 */
export function directoryFiltersFrom(url: URL): DirectoryFilters & { page: number } {
  const p = url.searchParams;
  const status = p.get("statut");
  const sort = p.get("tri");
  const page = requireSearchParam(pageNumber, "page", p.get("page"), 1);
  return {
    q: requireSearchParam(searchBox, "q", p.get("q"), "") || undefined,
    status: status && status in STATUS_LABEL_KEYS ? (status as DossierStatus) : undefined,
    region: requireSearchParam(regionFilter, "region", p.get("region"), "") || undefined,
    cnefopLabelId: isUuid(p.get("label")) ? p.get("label")! : undefined,
    sort: sort && (DIRECTORY_SORTS as readonly string[]).includes(sort) ? (sort as DirectorySort) : undefined,
    descending: p.get("ordre") === "desc",
    page,
    limit: DIRECTORY_PAGE,
    offset: (page - 1) * DIRECTORY_PAGE,
  };
}
