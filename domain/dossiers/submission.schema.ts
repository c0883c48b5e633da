import { z } from "zod";

/**
 * Submitting the dossier: the OF attests on its honour that its answers are accurate (issue 12.4).
 * The checkbox is required in the browser and here (a request without it is refused with a French message).
 */
export const submitDossierSchema = z.object({
  attestation: z.literal("on", { error: "synthesis.attestationRequired" }),
});
