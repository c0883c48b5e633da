import type { QueueFilters } from "../../domain/examination/queue";
import { QUEUE_STATUSES } from "../../domain/dossiers/status-machine";
import type { DossierStatus } from "../../domain/dossiers/status-machine";
import { isUuid } from "../utils/uuid.server";
import { pageNumber, requireSearchParam, safeText } from "../../domain/validation/fields";

/** Rows per page of the examination queue. */
export const QUEUE_PAGE = 50;
const PAGE = QUEUE_PAGE;
const regionFilter = safeText(100);

/** The queue's filters from its query string (the page and its CSV/XLSX export). */
export function queueFiltersFrom(url: URL): QueueFilters {
  const p = url.searchParams;
  const status = p.get("statut") as DossierStatus | null;
  const examiner = p.get("examinateur");
  const minWait = Number(p.get("attente") ?? "");
  return {
    status: status && QUEUE_STATUSES.includes(status) ? status : undefined,
    region: requireSearchParam(regionFilter, "region", p.get("region"), "") || undefined,
    referentielId: isUuid(p.get("referentiel")) ? p.get("referentiel")! : undefined,
    examiner: examiner === "none" || isUuid(examiner) ? examiner! : undefined,
    minWaitDays: Number.isFinite(minWait) && minWait > 0 ? Math.min(minWait, 3650) : undefined,
    // `?delai=`: late dossiers, or those due soon (decision record 045).
    delay: p.get("delai") === "retard" ? "late" : p.get("delai") === "proche" ? "soon" : undefined,
    sort: p.get("tri") === "newest" ? "newest" : p.get("tri") === "due" ? "due" : "oldest",
    limit: PAGE,
    // A page that is not 1…100 000 (1e20, Infinity, -1) is the French 400 page, never an SQL overflow.
    offset: (requireSearchParam(pageNumber, "page", p.get("page"), 1) - 1) * PAGE,
  };
}
