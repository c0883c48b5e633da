import { z } from "zod";
import { uuidField } from "../validation/fields";
import { formFlag, formText } from "../forms/form-text";

/** The CNEFOP labels page (coordination): add a label (the service checks the name), (de)activate one. */
export const cnefopFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), name: formText }),
  z.object({ intent: z.literal("toggle"), id: uuidField, active: formFlag }),
]);
