import type { AppLoadContext } from "@remix-run/node";
import type { ReportFilters } from "../../domain/reporting/reporting.queries";
import { funderIdOf } from "../../domain/permissions/actor-side";
import { requireFunderSide } from "./auth.server";
import { isUuid } from "./uuid.server";
import { calendarDate, requireSearchParam, safeText } from "../../domain/validation/fields";

const regionFilter = safeText(100);

/** Filters from the query string (period defaults to the last 12 months). */
export function reportFilters(request: Request, context: AppLoadContext): { filters: ReportFilters; own: string | null } {
  const actor = requireFunderSide(request, context);
  const p = new URL(request.url).searchParams;
  const day = 86_400_000;
  // Not a real calendar day between 1900 and 2999: the French 400 page says so (never a database error).
  const parse = (name: string, fallback: Date) => {
    const value = requireSearchParam(calendarDate, name, p.get(name), null);
    return value ? new Date(`${value}T00:00:00Z`) : fallback;
  };
  const from = parse("du", new Date(Date.now() - 365 * day));
  const to = parse("au", new Date(Date.now() + day));
  const funder = p.get("financeur");
  return {
    own: funderIdOf(actor),
    filters: {
      from,
      to,
      region: requireSearchParam(regionFilter, "region", p.get("region"), "") || undefined,
      referentielId: isUuid(p.get("referentiel")) ? p.get("referentiel")! : undefined,
      funderId: isUuid(funder) ? funder : undefined,
    },
  };
}
