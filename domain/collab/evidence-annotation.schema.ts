import { z } from "zod";
import { hasForbiddenCharacters } from "../validation/fields";

const optionalText = z
  .string()
  .trim()
  .max(300, "collabDocs.annotations.fieldTooLong")
  .refine((value) => !hasForbiddenCharacters(value), "validation.text.controlCharacters")
  .transform((value) => (value === "" ? null : value));

/**
 * An annotation on an evidence file, as the form gives it: a page (PDFs; empty for other files),
 * an optional place on it, an optional quoted passage (the text range), and the comment.
 */
export const evidenceAnnotationSchema = z.object({
  page: z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === "") return null;
      const page = Number(value);
      if (!Number.isInteger(page) || page < 1 || page > 9999) {
        ctx.addIssue({ code: "custom", message: "collabDocs.annotations.pageInvalid" });
        return z.NEVER;
      }
      return page;
    }),
  position: optionalText,
  quote: optionalText,
  body: z
    .string()
    .trim()
    .min(1, "collabDocs.annotations.bodyRequired")
    .max(2000, "collabDocs.annotations.bodyTooLong")
    .refine((value) => !hasForbiddenCharacters(value), "validation.text.controlCharacters"),
});

export type EvidenceAnnotationInput = z.output<typeof evidenceAnnotationSchema>;
