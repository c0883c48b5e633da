import { z } from "zod";
import { formText } from "../forms/form-text";

/**
 * The "short circuit" certificate form (multipart, beside the `certificate` file): declareCertificate
 * checks the label, the dates and their order, with its own messages.
 */
export const certificateFormSchema = z.object({
  labelId: formText,
  validFrom: formText,
  validTo: formText,
});
