import { z } from "zod";
import { boundedInt, optionalText, uuidField } from "../validation/fields";
import { formFlag, formText } from "../forms/form-text";

/** A referentiel version's page (coordination): edit a wording, mark verified, new draft, publish. */
export const referentielVersionFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("wording"), indicatorId: uuidField, title: formText }),
  z.object({ intent: z.literal("verified"), indicatorId: uuidField, verified: formFlag }),
  z.object({ intent: z.literal("draft") }),
  z.object({ intent: z.literal("publish") }),
  // The rules of the form (issue 14.9): editable on any version, they apply from the OF's next edit.
  z.object({
    intent: z.literal("rules"),
    descriptionMaxChars: boundedInt(1, 50_000, "referentiels.rules.descriptionMaxInvalid"),
    evidenceMaxPerIndicator: boundedInt(1, 100, "referentiels.rules.evidenceMaxInvalid"),
  }),
  z.object({
    intent: z.literal("examples"),
    indicatorId: uuidField,
    examples: optionalText(2_000, { tooLongKey: "referentiels.rules.examplesTooLong" }),
  }),
  // The indicator mapping into this version (issue 14.7): add or change a pair, remove one.
  z.object({
    intent: z.literal("mapping-save"),
    fromIndicatorId: uuidField,
    toIndicatorId: uuidField,
    carryDescription: formFlag,
    carryEvidence: formFlag,
  }),
  z.object({ intent: z.literal("mapping-remove"), mappingId: uuidField }),
]);

/** The referentiels list: open a published version for new dossiers. */
export const openReferentielFormSchema = z.object({ intent: z.literal("open"), versionId: uuidField });
