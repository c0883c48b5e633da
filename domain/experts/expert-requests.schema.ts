import { z } from "zod";
import { formText } from "../forms/form-text";
import { isUuid, uuidField } from "../validation/fields";

/**
 * The forms of expert opinions (issue 15.7). Isomorphic; messages are catalogue keys. The shape is checked
 * here (ids, dates, codes, no control characters); the service checks what the values mean (who may be
 * asked, the address, the indicators of the dossier, the due date, the question's and message's length).
 */

/** The longest question and message (characters), repeated in their French messages. */
export const QUESTION_MAX = 4_000;
export const MESSAGE_MAX = 10_000;

/** An indicator code as the référentiels write them ("2.1", "32"), bounded. */
const indicatorCode = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/, "experts.request.indicatorUnknown");
/** A member picked from the list, or "" for an outside expert typed by address. */
const optionalUserId = formText.refine((value) => value === "" || isUuid(value), "experts.request.expertUnknown");

/**
 * The examiner's side: the review room's panel posts to the room's action (examination.schema.ts takes
 * these variants in), the dossier being the page's.
 */
export const expertRequestForms = [
  z.object({
    intent: z.literal("expert-request"),
    expertUserId: optionalUserId,
    email: formText,
    fullName: formText,
    indicatorCodes: z.array(indicatorCode).max(200).default([]),
    dueOn: formText,
    question: formText,
  }),
  z.object({ intent: z.literal("expert-reply"), requestId: uuidField, body: formText }),
  z.object({ intent: z.literal("expert-withdraw"), requestId: uuidField }),
] as const;

/** The expert's page: their answer (a message of the confidential thread). */
export const expertAnswerFormSchema = z.object({ body: formText });

export type ExpertRequestInput = {
  dossierId: string;
  expertUserId: string;
  email: string;
  fullName: string;
  indicatorCodes: string[];
  dueOn: string;
  question: string;
};
