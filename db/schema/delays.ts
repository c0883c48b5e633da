import type { ColumnType, Generated, Selectable } from "kysely";
import type { DateString, Defaulted, NullableTimestamp, Timestamp } from "./types";

// Delays kept (issue 15.2, decision record 045): the rules the coordination sets per stage of an
// examination, and each dossier's due day per stage.

/** take: from a (re)submission to the take; decision: from a first submission to the closing; answer: from a resubmission to the closing. */
export type DelayStage = "take" | "decision" | "answer";

export interface DelayRulesTable {
  stage: DelayStage;
  days: number;
  /** Working days (Monday to Friday, French public holidays excepted) rather than calendar days. */
  working_days: Defaulted<boolean>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface DossierDeadlinesTable {
  id: Generated<string>;
  dossier_id: string;
  stage: DelayStage;
  started_at: ColumnType<Date, Date | string, Date | string>;
  /** The last day (Paris) the stage may end on: late from the day after. */
  due_on: DateString;
  ended_at: NullableTimestamp;
  /** Ended after its due day (null while open). */
  ended_late: boolean | null;
  /** The examiner who ended it (took the dossier, or held it when it was decided). */
  examiner_id: string | null;
  /** The reminder before the due day was sent. */
  reminded_at: NullableTimestamp;
  /** The examiner was told it is late. */
  late_notified_at: NullableTimestamp;
}

export interface DelaysTables {
  delay_rules: DelayRulesTable;
  dossier_deadlines: DossierDeadlinesTable;
}

export type DelayRuleRow = Selectable<DelayRulesTable>;
export type DossierDeadline = Selectable<DossierDeadlinesTable>;
