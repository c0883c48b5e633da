import { z } from "zod";

/**
 * The revoke / reactivate form of a funder (coordination). Isomorphic; messages are catalogue keys.
 */
export const funderRevocationSchema = z.object({
  funderId: z.string({ error: "errors.validation" }).uuid("errors.validation"),
  note: z.string().max(2000, "errors.tooLong").optional(),
});
