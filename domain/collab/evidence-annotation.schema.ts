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

const unit = z.number().finite().min(0).max(1);

/**
 * A rectangle on a page of the evidence, in coordinates relative to the page (0–1 from its top left
 * corner), so it stays in place at any zoom. An image is page 1. The whole page is {0, 0, 1, 1}.
 */
export const annotationRegionSchema = z
  .object({ page: z.number().int().min(1).max(9999), x: unit, y: unit, w: unit, h: unit })
  .refine((r) => r.w > 0 && r.h > 0 && r.x + r.w <= 1.000001 && r.y + r.h <= 1.000001, "collabDocs.annotations.regionInvalid");

export type AnnotationRegion = z.output<typeof annotationRegionSchema>;

/** A reply beside an annotation. */
export const annotationReplySchema = z.object({
  body: z
    .string()
    .trim()
    .min(1, "collabDocs.annotations.replyRequired")
    .max(2000, "collabDocs.annotations.bodyTooLong")
    .refine((value) => !hasForbiddenCharacters(value), "validation.text.controlCharacters"),
});
