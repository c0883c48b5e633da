import { z } from "zod";
import { uuidField } from "../validation/fields";
import { formText } from "../forms/form-text";

/** A funder's catalogue page: add an OF by SIRET, remove one (the services check the reason). */
export const catalogueFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), siret: formText, reason: formText }),
  z.object({ intent: z.literal("remove"), organisationId: uuidField, reason: formText }),
]);
