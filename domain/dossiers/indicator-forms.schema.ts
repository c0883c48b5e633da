import { z } from "zod";
import { formFlag, formText } from "../forms/form-text";

/**
 * The forms of an OF's indicator page, told apart by `intent`. The services validate the content
 * (URL, reason, dates, statuses) and answer with their own field errors.
 */
export const indicatorFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("description"), description: formText }),
  z.object({ intent: z.literal("not-applicable"), notApplicable: formFlag, notApplicableReason: formText }),
  z.object({ intent: z.literal("link"), url: formText, label: formText }),
  z.object({ intent: z.literal("remove-evidence"), evidenceId: formText }),
  z.object({ intent: z.literal("message"), body: formText }),
  z.object({ intent: z.literal("corrective-add"), what: formText, who: formText, dueOn: formText }),
  z.object({ intent: z.literal("corrective-status"), actionId: formText, status: formText }),
]);

export const INDICATOR_FORM_INTENTS: readonly string[] = indicatorFormSchema.options.map((option) => option.shape.intent.value);

/** The evidence upload (multipart, beside the file): the indicator, and the evidence it replaces if any. */
export const evidenceUploadFormSchema = z.object({ code: formText, replaceId: formText });
