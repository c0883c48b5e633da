import { z } from "zod";

/** A named version of the review notes: the name a reviewer gives it. */
export const versionNameSchema = z
  .string()
  .trim()
  .min(1, "collabDocs.versions.nameRequired")
  .max(120, "collabDocs.versions.nameTooLong");

export const versionIdSchema = z.uuid("collabDocs.versions.notFound");
