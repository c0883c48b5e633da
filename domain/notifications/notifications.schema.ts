import { z } from "zod";
import { formText } from "../forms/form-text";

/** Mark one notification read (its id), or all of them (no id). markRead ignores an id that is not one. */
export const markReadFormSchema = z.object({ id: formText });
