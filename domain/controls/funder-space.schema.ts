import { z } from "zod";
import { uuidField, isUuid } from "../validation/fields";
import { formText } from "../forms/form-text";

/**
 * The forms of a funder's page about an OF: a note, an alert (with an optional attachment, as
 * multipart), closing an alert, a control, a de-listing. The services check kinds, reasons and
 * rights, with their own messages.
 */
export const funderSpaceFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("note"), kind: formText, body: formText }),
  z.object({ intent: z.literal("alert"), reason: formText }),
  z.object({ intent: z.literal("close-alert"), alertId: uuidField, note: formText }),
  z.object({
    intent: z.literal("control"),
    dossierId: uuidField,
    // Ticked indicators; anything that is not an id is ignored, as a browser never sends one.
    indicatorIds: z
      .array(z.string())
      .default([])
      .transform((ids) => ids.filter(isUuid)),
    reason: formText,
  }),
  z.object({ intent: z.literal("dereference"), dossierId: uuidField, reason: formText }),
]);

export const FUNDER_SPACE_INTENTS: readonly string[] = funderSpaceFormSchema.options.map((option) => option.shape.intent.value);
