import { z } from "zod";
import { boundedInt } from "../validation/fields";
import { MAX_DELAY_DAYS } from "./delay-rules";

/**
 * The coordination's form of the delay rules (decision record 045): for each stage, a number of days
 * (1 to 365) and whether they are working or calendar days. Isomorphic; messages are catalogue keys.
 */
const days = boundedInt(1, MAX_DELAY_DAYS, "delays.rules.daysInvalid");
const unit = z.enum(["working", "calendar"], { error: "delays.rules.unitInvalid" });

export const delayRulesFormSchema = z.object({
  takeDays: days,
  takeUnit: unit,
  decisionDays: days,
  decisionUnit: unit,
  answerDays: days,
  answerUnit: unit,
});

export type DelayRulesForm = z.output<typeof delayRulesFormSchema>;
