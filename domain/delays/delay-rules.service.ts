import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { logCoordinationAction } from "../coordination/coordination-log";
import { forbidden } from "../errors";
import type { Actor } from "../permissions/actor";
import { canEditDelayRules } from "../permissions/policy";
import { DEFAULT_DELAY_RULES, DELAY_STAGES, type DelayRule, type DelayStage } from "./delay-rules";
import type { DelayRulesForm } from "./delay-rules.schema";

/**
 * The delay rules of an examination's stages (issue 15.2, decision record 045). The coordination
 * edits them; a change applies to the stages that start after it (a due day once set is kept: it is
 * what the examiner was given). A stage without its row uses the default (an emptied table).
 */
export type DelayRules = Readonly<Record<DelayStage, DelayRule>>;

export async function loadDelayRules(db: Executor): Promise<DelayRules> {
  const rows = await db.selectFrom("delay_rules").select(["stage", "days", "working_days"]).execute();
  const rules: Record<DelayStage, DelayRule> = { ...DEFAULT_DELAY_RULES };
  for (const row of rows) rules[row.stage] = { stage: row.stage, days: row.days, workingDays: row.working_days };
  return rules;
}

export interface DelayRuleView extends DelayRule {
  updatedAt: Date | null;
  updatedByName: string | null;
}

/** The rules as the coordination's page shows them, in stage order, with who changed each last. */
export async function listDelayRules(db: Executor, actor: Actor): Promise<DelayRuleView[]> {
  if (!canEditDelayRules(actor)) throw forbidden();
  const rows = await db
    .selectFrom("delay_rules")
    .leftJoin("users", "users.id", "delay_rules.updated_by")
    .select(["delay_rules.stage", "delay_rules.days", "delay_rules.working_days", "delay_rules.updated_at", "users.full_name"])
    .execute();
  return DELAY_STAGES.map((stage) => {
    const row = rows.find((r) => r.stage === stage);
    if (!row) return { ...DEFAULT_DELAY_RULES[stage], updatedAt: null, updatedByName: null };
    return { stage, days: row.days, workingDays: row.working_days, updatedAt: row.updated_at, updatedByName: row.full_name };
  });
}

/** Saves the three rules (the form sends them together); traced in the coordination log with what changed. */
export async function updateDelayRules(db: Executor, actor: Actor, input: DelayRulesForm): Promise<void> {
  if (!canEditDelayRules(actor)) throw forbidden();
  const next: DelayRule[] = [
    { stage: "take", days: input.takeDays, workingDays: input.takeUnit === "working" },
    { stage: "decision", days: input.decisionDays, workingDays: input.decisionUnit === "working" },
    { stage: "answer", days: input.answerDays, workingDays: input.answerUnit === "working" },
  ];
  await inTransaction(db, async (trx) => {
    const before = await loadDelayRules(trx);
    const changed = next.filter((rule) => rule.days !== before[rule.stage].days || rule.workingDays !== before[rule.stage].workingDays);
    if (changed.length === 0) return;
    for (const rule of changed) {
      const values = { days: rule.days, working_days: rule.workingDays, updated_by: actor.userId, updated_at: new Date() };
      await trx
        .insertInto("delay_rules")
        .values({ stage: rule.stage, ...values })
        .onConflict((oc) => oc.column("stage").doUpdateSet(values))
        .execute();
    }
    await logCoordinationAction(trx, {
      actorId: actor.userId,
      action: "delay_rules.updated",
      subjectId: null,
      payload: { changes: changed.map((rule) => ({ stage: rule.stage, before: before[rule.stage], after: rule })) },
    });
  });
}
