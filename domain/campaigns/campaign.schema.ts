import { z } from "zod";
import { requiredText, safeText, uuidField } from "../validation/fields";
import { MAX_SEED } from "./stratified-draw";

/**
 * The control campaigns page (coordination): preview a draw, confirm it, go on opening its controls,
 * verify it. Isomorphic; messages are catalogue keys. The service checks the version, the indicators
 * and the ranges again (decision record 048).
 */

/** The value a form sends for "region not given" (conform reads an empty value as absent). */
export const NO_REGION = "-";

/** "5", "2,5" or "0.25" (%) → basis points (500, 250, 25): 0.01 % … 100 %. */
const percentField = z
  .string({ error: "campaigns.percentInvalid" })
  .trim()
  .regex(/^\d{1,3}([.,]\d{1,2})?$/, "campaigns.percentInvalid")
  .transform((value) => Math.round(Number(value.replace(",", ".")) * 100))
  .refine((bp) => bp >= 1 && bp <= 10_000, "campaigns.percentInvalid");

const seedField = z
  .string({ error: "campaigns.seedInvalid" })
  .trim()
  .regex(/^\d{1,10}$/, "campaigns.seedInvalid")
  .transform(Number)
  .refine((seed) => seed <= MAX_SEED, "campaigns.seedInvalid");

const campaignFields = {
  name: requiredText(200),
  reason: requiredText(2000),
  referentielVersionId: uuidField,
  indicatorIds: z.array(uuidField).default([]),
  percent: percentField,
  regions: z
    .array(safeText(100))
    .max(60, "campaigns.regionInvalid")
    .default([])
    .transform((regions) => regions.map((r) => (r === NO_REGION ? "" : r))),
};

export const campaignFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("preview"), ...campaignFields, seed: seedField.optional() }),
  z.object({
    intent: z.literal("confirm"),
    ...campaignFields,
    seed: seedField,
    populationHash: z.string({ error: "errors.validation" }).regex(/^[0-9a-f]{64}$/, "errors.validation"),
  }),
  z.object({ intent: z.literal("resume"), campaignId: uuidField }),
  z.object({ intent: z.literal("verify"), campaignId: uuidField }),
]);

export type CampaignForm = z.output<typeof campaignFormSchema>;
