import { searchOrganisations, decodeCursor, decodeSearchCursor } from "../../domain/api/api.queries";
import { foldSearchText } from "../../domain/organisations/directory-search";
import { DossierStatusSchema } from "../../domain/api/api.schemas";
import { apiCall, apiRoute, problem } from "../utils/api.server";
import { isoDateTime, safeText } from "../../domain/validation/fields";

const regionFilter = safeText(100);
const searchText = safeText(200);

/** GET /api/v1/organisations?q=&status=&region=&updated_since=&cursor=&limit= (q: the directory's search, decision 040) */
export const { loader, action } = apiRoute({
  async GET({ request, context }) {
    const api = await apiCall(request, context);
    const p = new URL(request.url).searchParams;
    const status = p.get("status");
    const since = p.get("updated_since");
    const cursor = p.get("cursor");
    const limit = p.get("limit");
    const q = p.get("q");
    const errors: Record<string, string[]> = {};
    if (q !== null && !(searchText.safeParse(q).success && foldSearchText(q).length > 0))
      errors.q = ["1 to 200 characters with at least one letter or digit, no control characters"];
    if (status && !DossierStatusSchema.safeParse(status).success) errors.status = ["unknown status"];
    const sinceDate = since ? isoDateTime.safeParse(since) : null;
    if (sinceDate && !sinceDate.success) errors.updated_since = ["expected an ISO 8601 date-time between 1900 and 2999"];
    const region = p.get("region");
    if (region && !regionFilter.safeParse(region).success) errors.region = ["at most 100 characters, no control characters"];
    if (cursor && (q !== null ? decodeSearchCursor(cursor) === null : !decodeCursor(cursor))) errors.cursor = ["invalid cursor"];
    if (limit && !(/^\d{1,3}$/.test(limit) && Number.isInteger(Number(limit)) && Number(limit) >= 1 && Number(limit) <= 500))
      errors.limit = ["expected 1..500"];
    if (Object.keys(errors).length) return problem(400, "Invalid query parameters.", { errors });
    const page = await searchOrganisations(context.services.db, {
      q: q ?? undefined,
      status: (status as never) || undefined,
      region: region || undefined,
      updatedSince: sinceDate?.success ? sinceDate.data : undefined,
      cursor: cursor || undefined,
      limit: limit ? Number(limit) : undefined,
    });
    return api.json(page);
  },
});
