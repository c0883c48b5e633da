import { z } from "zod";
import { hasForbiddenCharacters } from "../validation/fields";

/**
 * Building blocks for form schemas (domain/<area>/*.schema.ts). Isomorphic; messages are catalogue keys.
 *
 * conform's parseWithZod turns an empty field into `undefined`. `formText` gives "" back, for a field
 * whose content the domain service validates itself (its messages stay the domain's): the schema then
 * checks the shape of the request and what no query may receive (NUL and control characters, see
 * domain/validation/fields.ts, whose building blocks — uuidField, requiredText, calendarDate,
 * boundedInt… — the schemas use for everything else), the service what it means.
 */
export const FORM_TEXT_MAX = 100_000;

export const formText = z
  .string()
  .max(FORM_TEXT_MAX, "errors.tooLong")
  .refine((value) => !hasForbiddenCharacters(value), "validation.text.controlCharacters")
  .optional()
  .transform((value) => value ?? "");

/** A field that is present (even empty) or absent, as a boolean: a checkbox, or a hidden "true"/"false". */
export const formFlag = z
  .string()
  .optional()
  .transform((value) => value === "true" || value === "on");

/** A form whose only field is the intent (a button): nothing to validate but the request's shape. */
export const emptyForm = z.object({});
