import { z } from "zod";
import { PRESENCE_ACTIVITIES } from "../shared/events";

/** Validation of what clients send on the live layer (presence place, committee moves and marks). */

const dossierId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  .transform((id) => id.toLowerCase());
/** An indicator code as the référentiels write them ("2.1", "32"), bounded. */
const indicatorCode = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/);

export const presencePlaceSchema = z
  .object({
    dossierId,
    indicatorCode: indicatorCode.nullable().optional(),
    indicator: indicatorCode.nullable().optional(),
    activity: z.enum(PRESENCE_ACTIVITIES as [string, ...string[]]).optional(),
  })
  .transform(({ dossierId, indicatorCode, indicator, activity }) => ({
    dossierId,
    indicator: indicatorCode !== undefined ? indicatorCode : (indicator ?? null),
    activity: (activity ?? "reading") as (typeof PRESENCE_ACTIVITIES)[number],
  }));

export const committeeMoveSchema = z.object({ dossierId, indicatorCode });

export const committeeProposeSchema = z.object({
  dossierId,
  indicatorCode,
  decision: z.enum(["valide", "a_completer", "non_conforme"]),
});

export const committeeMarkSchema = z.object({
  dossierId,
  indicatorCode,
  decision: z.enum(["valide", "a_completer", "non_conforme"]),
  mark: z.enum(["agree", "disagree"]),
});
