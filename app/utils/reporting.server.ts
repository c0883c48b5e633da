import type { AppLoadContext } from "@remix-run/node";
import type { ReportFilters } from "../../domain/reporting/reporting.queries";
import { funderIdOf } from "../../domain/permissions/actor-side";
import { requireFunderSide } from "./auth.server";
import { isUuid } from "./uuid.server";

/** Filters from the query string (period defaults to the last 12 months). */
export function reportFilters(request: Request, context: AppLoadContext): { filters: ReportFilters; own: string | null } {
  const actor = requireFunderSide(request, context);
  const p = new URL(request.url).searchParams;
  const day = 86_400_000;
  const parse = (v: string | null, fallback: Date) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v) : fallback);
  const from = parse(p.get("du"), new Date(Date.now() - 365 * day));
  const to = parse(p.get("au"), new Date(Date.now() + day));
  const funder = p.get("financeur");
  return {
    own: funderIdOf(actor),
    filters: {
      from,
      to,
      region: p.get("region") || undefined,
      referentielId: isUuid(p.get("referentiel")) ? p.get("referentiel")! : undefined,
      funderId: isUuid(funder) ? funder : undefined,
    },
  };
}
