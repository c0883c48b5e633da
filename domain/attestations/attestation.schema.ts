import { z } from "zod";
import { normaliseAttestationCode } from "./attestation-code";

/** The public verification form (/verifier): a code as typed, normalised, or a French message. */
export const verifyAttestationSchema = z.object({
  code: z
    .string({ error: "attestation.verify.codeRequired" })
    .max(64, "attestation.verify.codeInvalid")
    .transform((value, ctx) => {
      const code = normaliseAttestationCode(value);
      if (!code) {
        ctx.addIssue({ code: "custom", message: "attestation.verify.codeInvalid" });
        return z.NEVER;
      }
      return code;
    }),
});
