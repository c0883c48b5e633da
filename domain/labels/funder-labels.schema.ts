import { z } from "zod";
import { formText } from "../forms/form-text";
import { uuidField } from "../validation/fields";

/** The label forms of the funders' space and the examination page (issue 15.4); the service checks the name. */
const target = z.enum(["organisation", "dossier"], { error: "validation.input.invalid" });

export const funderLabelFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add-label"), target, targetId: uuidField, name: formText }),
  z.object({ intent: z.literal("remove-label"), target, targetId: uuidField, labelId: uuidField }),
]);
