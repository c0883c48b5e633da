import type { DelayStage } from "../../db/schema";
import type { MessageKey } from "../i18n/translate";

/**
 * The stages of an examination that have a due day (issue 15.2, decision record 045), each counted
 * from the moment the OF hands the dossier over:
 * - take ("prise en charge"): from each submission or resubmission to the take (or assignment);
 * - decision ("première décision"): from a first submission to the examination's closing;
 * - answer ("réponse aux motifs"): from a resubmission (the OF answered the reasons) to the next closing.
 * Isomorphic: the coordination's page and the queue name the stages from here.
 */
export type { DelayStage };

export const DELAY_STAGES: readonly DelayStage[] = ["take", "decision", "answer"];

export interface DelayRule {
  stage: DelayStage;
  days: number;
  /** Working days (Monday to Friday, French public holidays excepted) rather than calendar days. */
  workingDays: boolean;
}

/** The rules the migration seeds, also used for a stage whose row is missing (an emptied table). */
export const DEFAULT_DELAY_RULES: Readonly<Record<DelayStage, DelayRule>> = {
  take: { stage: "take", days: 5, workingDays: true },
  decision: { stage: "decision", days: 20, workingDays: true },
  answer: { stage: "answer", days: 10, workingDays: true },
};

/** Longest delay a rule may set (a year of calendar days). */
export const MAX_DELAY_DAYS = 365;

/** The examiner is reminded, and the queue says "due soon", from this many days before the due day. */
export const REMINDER_LEAD_DAYS = 2;

export function isDelayStage(value: unknown): value is DelayStage {
  return typeof value === "string" && (DELAY_STAGES as readonly string[]).includes(value);
}

export const DELAY_STAGE_LABEL_KEYS: Readonly<Record<DelayStage, MessageKey>> = {
  take: "delays.stage.take",
  decision: "delays.stage.decision",
  answer: "delays.stage.answer",
};

/** Where an open stage stands on `today` (Paris day): late after its due day, due soon within REMINDER_LEAD_DAYS. */
export type DueState = "late" | "soon" | "on_time";
