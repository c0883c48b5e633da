import type { Executor } from "../../db/executor";
import { countOrganisationsByKind } from "../../db/queries/organisation-counts";

/** Counts shown on the coordination home. */
export function organisationCounts(db: Executor) {
  return countOrganisationsByKind(db);
}
