import { z } from "zod";
import { safeText, uuidField } from "../validation/fields";

/**
 * The revoke / reactivate form of a funder (coordination). Isomorphic; messages are catalogue keys.
 */
export const funderRevocationSchema = z.object({
  funderId: uuidField,
  note: safeText(2000).optional(),
});
