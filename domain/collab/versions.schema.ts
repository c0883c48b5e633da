import { z } from "zod";
import { hasForbiddenCharacters } from "../validation/fields";

/** A named version of the review notes: the name a reviewer gives it. */
export const versionNameSchema = z
  .string()
  .trim()
  .min(1, "collabDocs.versions.nameRequired")
  .max(120, "collabDocs.versions.nameTooLong")
  .refine((value) => !hasForbiddenCharacters(value), "validation.text.controlCharacters");

export const versionIdSchema = z.uuid("collabDocs.versions.notFound");
