import { z } from "zod";
import { uuidField } from "../validation/fields";
import { formFlag, formText } from "../forms/form-text";

/** A referentiel version's page (coordination): edit a wording, mark verified, new draft, publish. */
export const referentielVersionFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("wording"), indicatorId: uuidField, title: formText }),
  z.object({ intent: z.literal("verified"), indicatorId: uuidField, verified: formFlag }),
  z.object({ intent: z.literal("draft") }),
  z.object({ intent: z.literal("publish") }),
]);

/** The referentiels list: open a published version for new dossiers. */
export const openReferentielFormSchema = z.object({ intent: z.literal("open"), versionId: uuidField });
