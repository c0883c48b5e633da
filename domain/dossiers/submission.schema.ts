import { z } from "zod";

/**
 * The synthesis page's two forms. Submitting (the default intent): the OF attests on its honour that its
 * answers are accurate (issue 12.4) — the checkbox is required in the browser and here, a request without it
 * is refused with a French message. Reopening (intent "reopen"): a new round of a dossier closed non conforme
 * or de-listed (decision record 037); the rules are checked by the service.
 */
export const synthesisFormSchema = z
  .object({
    intent: z.enum(["submit", "reopen"]).default("submit"),
    attestation: z.string().max(8).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.intent === "submit" && value.attestation !== "on") {
      ctx.addIssue({ code: "custom", path: ["attestation"], message: "synthesis.attestationRequired" });
    }
  });
