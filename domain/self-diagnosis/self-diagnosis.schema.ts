import { z } from "zod";
import { formText } from "../forms/form-text";

/**
 * The self-diagnosis form: one radio group `level-<indicator code>` per indicator. conform reads a
 * dot in a name as a path, so `level-2.12` arrives as `{ "level-2": { "12": … } }`; the codes are put
 * back together here. Unanswered groups are left out; setSelfAssessment checks each level.
 */
const answer = z.union([formText, z.record(z.string(), formText)]);

export const selfDiagnosisFormSchema = z.record(z.string(), answer).transform((payload) => {
  const answers: Array<{ code: string; level: string }> = [];
  for (const [name, value] of Object.entries(payload)) {
    if (!name.startsWith("level-")) continue;
    const head = name.slice("level-".length);
    if (typeof value === "string") {
      if (value) answers.push({ code: head, level: value });
    } else {
      for (const [tail, level] of Object.entries(value)) if (level) answers.push({ code: `${head}.${tail}`, level });
    }
  }
  return answers;
});
