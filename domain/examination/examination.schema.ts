import { z } from "zod";
import { uuidField, isUuid } from "../validation/fields";
import { formText } from "../forms/form-text";
import { expertRequestForms } from "../experts/expert-requests.schema";

/**
 * The forms of a funder's examination page, told apart by `intent`: take, assign, co-examiners,
 * one indicator's decision, closing. The services check decisions, reasons, rights and versions.
 */
/** A co-examiner is picked from the page's list: anything else is not one of the funders' members. */
const coExaminerId = z
  .string({ error: "examination.coExaminers.notFunderMember" })
  .refine(isUuid, "examination.coExaminers.notFunderMember");
const version = formText.transform((value) => (value === "" ? null : Number(value)));
/** A member's mark on a decision saved in committee (decision record 035). */
const committeeMark = z.object({
  userId: uuidField,
  mark: z.enum(["agree", "disagree"], { error: "examination.committee.invalidMark" }),
});

export const examinationFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("take") }),
  z.object({ intent: z.literal("assign"), examinerId: uuidField }),
  z.object({ intent: z.literal("co-examiner-add"), userId: coExaminerId }),
  z.object({ intent: z.literal("co-examiner-remove"), userId: coExaminerId }),
  z.object({
    intent: z.literal("decide"),
    indicatorId: uuidField,
    decision: formText,
    reason: formText,
    /** The review's version the examiner saw ("" when undecided): a concurrent decision is refused. */
    expectedVersion: version,
    /** Saved in committee mode: the open session and the members' marks (marks[0].userId, marks[0].mark…). */
    committeeSessionId: uuidField.optional(),
    marks: z.array(committeeMark).max(100).optional(),
  }),
  /** The examiner accepts an OF's corrective action (issue 14.3). */
  z.object({ intent: z.literal("accept-corrective-action"), actionId: uuidField }),
  /** The examiner's check of the OF's circuit-court certificate (issue 14.4); a refusal needs its reason. */
  z.object({
    intent: z.literal("certificate-review"),
    certificateId: uuidField,
    outcome: z.enum(["validated", "refused"], { error: "errors.validation" }),
    reason: formText,
  }),
  /** The examiner's decision on a datadocké dossier's update (decision record 038); sending back needs its reason. */
  z.object({
    intent: z.literal("revision-decide"),
    revisionId: uuidField,
    outcome: z.enum(["validated", "sent_back"], { error: "errors.validation" }),
    reason: formText,
    expectedVersion: version.transform((value) => value ?? 0),
  }),
  z.object({ intent: z.literal("committee-start") }),
  z.object({ intent: z.literal("committee-end"), sessionId: uuidField }),
  /** The chair's snapshot of who is in the room (userIds repeated). */
  z.object({ intent: z.literal("committee-presence"), sessionId: uuidField, userIds: z.array(uuidField).max(100).default([]) }),
  z.object({
    intent: z.literal("close"),
    outcome: z.enum(["declare_datadocke", "send_back", "close_non_conforme"], { error: "errors.validation" }),
    message: formText,
    dossierVersion: version.transform((value) => value ?? 0),
  }),
  /** Expert opinions (issue 15.7): ask, write to the expert, withdraw. */
  ...expertRequestForms,
]);

export const EXAMINATION_INTENTS: readonly string[] = examinationFormSchema.options.map((option) => option.shape.intent.value);

/** The queue's "take" button: the dossier it names. */
export const claimFormSchema = z.object({ dossierId: uuidField });
