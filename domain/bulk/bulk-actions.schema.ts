import { z } from "zod";
import { formText } from "../forms/form-text";
import { uuidField } from "../validation/fields";

export type { BulkAction, BulkTarget } from "../../db/schema";

/** The most rows a selection names (a page holds 50); "all matching" is resolved on the server. */
export const BULK_SELECTION_MAX = 200;
/** The most rows one bulk job covers (every OF at national scale, like an export). */
export const BULK_JOB_MAX_ROWS = 100_000;

/**
 * The bulk form of the queue and the directory (issue 15.3): an action, on the rows ticked
 * (`id`, repeated) or on every row matching the page's filter (`scope=all`, the filter read from the
 * page's query string). The service checks the selection, the examiner and the label's name.
 */
const common = {
  intent: z.literal("bulk"),
  scope: z.enum(["selection", "all"], { error: "validation.input.invalid" }).default("selection"),
  id: z.array(uuidField).max(BULK_SELECTION_MAX, "bulk.selection.tooMany").default([]),
};

export const bulkActionFormSchema = z.discriminatedUnion(
  "action",
  [
    z.object({ ...common, action: z.literal("assign"), examinerId: z.string({ error: "bulk.examiner.required" }).pipe(uuidField) }),
    z.object({ ...common, action: z.literal("take") }),
    z.object({ ...common, action: z.literal("label"), labelName: formText }),
  ],
  { error: "bulk.action.required" },
);

export type BulkActionInput = z.output<typeof bulkActionFormSchema>;
