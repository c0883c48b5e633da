import { z } from "zod";
import { formText } from "../forms/form-text";
import { hasForbiddenCharacters } from "../validation/fields";

/** A named version of the review notes: the name a reviewer gives it. */
export const versionNameSchema = z
  .string()
  .trim()
  .min(1, "collabDocs.versions.nameRequired")
  .max(120, "collabDocs.versions.nameTooLong")
  .refine((value) => !hasForbiddenCharacters(value), "validation.text.controlCharacters");

export const versionIdSchema = z.uuid("collabDocs.versions.notFound");

/** The versions panel under the review notes: save a named version (the service checks the name), restore one. */
export const notesVersionFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save-version"), name: formText }),
  z.object({ intent: z.literal("restore-version"), versionId: formText }),
]);
