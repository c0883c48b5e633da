import { z } from "zod";
import type { MessageKey } from "../i18n/translate";

/** What the activity feed records (isomorphic: the Activité page filters live events with the same rule). */
export const ACTIVITY_KINDS = ["decision", "status", "evidence", "message", "join", "leave"] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Filters of the feed (query string of the Activité page); empty values mean "all". */
export const activityFiltersSchema = z.object({
  kind: z.enum(ACTIVITY_KINDS, { message: "live.feed.invalidFilter" }).optional(),
  /** A funder or an OF: the actor's organisation or the dossier's. */
  organisation: z.string().uuid({ message: "live.feed.invalidFilter" }).optional(),
  dossier: z.string().uuid({ message: "live.feed.invalidFilter" }).optional(),
});
export type ActivityFilters = z.infer<typeof activityFiltersSchema>;

/** Parses the query string; a malformed value is dropped and reported (message key). */
export function parseActivityFilters(params: URLSearchParams): { filters: ActivityFilters; errorKey: MessageKey | null } {
  const raw = Object.fromEntries(["kind", "organisation", "dossier"].map((k) => [k, params.get(k) || undefined]));
  const parsed = activityFiltersSchema.safeParse(raw);
  if (parsed.success) return { filters: parsed.data, errorKey: null };
  const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  const kept = activityFiltersSchema.parse(Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k))));
  return { filters: kept, errorKey: "live.feed.invalidFilter" };
}

/** Does a feed item pass the filters? (Same rule as the database query.) */
export function matchesActivityFilters(
  item: { kind: string; actorOrganisationId: string | null; organisationId: string | null; dossierId: string | null },
  filters: ActivityFilters,
): boolean {
  if (filters.kind && item.kind !== filters.kind) return false;
  if (filters.dossier && item.dossierId !== filters.dossier) return false;
  if (filters.organisation && item.organisationId !== filters.organisation && item.actorOrganisationId !== filters.organisation)
    return false;
  return true;
}
