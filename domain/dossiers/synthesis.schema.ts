import { z } from "zod";

/**
 * The synthesis page's buttons: submit the dossier (the default, no intent), or start a new round
 * of a dossier closed non conforme or de-listed (intent "reopen", decision record 037).
 */
export const synthesisFormSchema = z.object({
  intent: z.enum(["submit", "reopen"]).optional(),
});
