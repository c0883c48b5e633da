import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import type { CorrectiveActionStatus } from "../../db/schema";
import { DomainError, invalid } from "../errors";
import { getOrCreateOfDossier, requireIndicator } from "./dossier-access";
import type { OfScope } from "./of-scope";
import { recordEvent } from "./timeline";
import { hasForbiddenCharacters, isCalendarDate, isUuid } from "../validation/fields";

/** Corrective actions answering a funder's reason: what, who, by when, status. Scoped by the OF's dossier. */
export const CORRECTIVE_STATUSES: readonly CorrectiveActionStatus[] = ["a_faire", "en_cours", "fait"];

export interface CorrectiveActionInput {
  what: string;
  who: string;
  dueOn: string;
}

function validate(input: CorrectiveActionInput) {
  const errors: Record<string, string[]> = {};
  if (!input.what.trim()) errors.what = ["errors.required"];
  else if (input.what.length > 2000) errors.what = ["errors.tooLong"];
  else if (hasForbiddenCharacters(input.what)) errors.what = ["validation.text.controlCharacters"];
  if (!input.who.trim()) errors.who = ["errors.required"];
  else if (input.who.length > 200) errors.who = ["errors.tooLong"];
  else if (hasForbiddenCharacters(input.who)) errors.who = ["validation.text.controlCharacters"];
  // A real calendar day in a sane range: "2026-02-30" or "0000-01-01" never reach the date column.
  if (!isCalendarDate(input.dueOn)) errors.dueOn = ["dossier.errors.date"];
  if (Object.keys(errors).length > 0) throw invalid(errors);
}

export async function addCorrectiveAction(db: Executor, scope: OfScope, code: string, input: CorrectiveActionInput) {
  validate(input);
  return inTransaction(db, async (trx) => {
    const dossier = await getOrCreateOfDossier(trx, scope.organisationId, scope.actor.userId);
    const indicator = await requireIndicator(trx, dossier.referentiel_version_id, code);
    const row = await trx
      .insertInto("corrective_actions")
      .values({
        dossier_id: dossier.id,
        indicator_id: indicator.id,
        what: input.what.trim(),
        who: input.who.trim(),
        due_on: input.dueOn,
        created_by: scope.actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      dossierId: dossier.id,
      actorId: scope.actor.userId,
      kind: "corrective_action.added",
      payload: { code, what: input.what.trim() },
    });
    return row.id;
  });
}

export async function setCorrectiveActionStatus(db: Executor, scope: OfScope, actionId: string, status: CorrectiveActionStatus) {
  if (!CORRECTIVE_STATUSES.includes(status)) throw invalid({ status: ["errors.validation"] });
  if (!isUuid(actionId)) throw new DomainError("not_found", "errors.notFound");
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("corrective_actions as c")
      .innerJoin("dossiers as d", "d.id", "c.dossier_id")
      .innerJoin("indicators as i", "i.id", "c.indicator_id")
      .select(["c.id", "c.dossier_id", "i.code"])
      .where("c.id", "=", actionId)
      .where("d.organisation_id", "=", scope.organisationId)
      .executeTakeFirst();
    if (!row) throw new DomainError("not_found", "errors.notFound");
    await trx
      .updateTable("corrective_actions")
      .set({ status, updated_at: sql`now()` })
      .where("id", "=", row.id)
      .execute();
    await recordEvent(trx, {
      dossierId: row.dossier_id,
      actorId: scope.actor.userId,
      kind: "corrective_action.updated",
      payload: { code: row.code, status },
    });
  });
}

export interface CorrectiveActionView {
  id: string;
  what: string;
  who: string;
  dueOn: string;
  status: CorrectiveActionStatus;
}

export async function listCorrectiveActions(db: Executor, dossierId: string, indicatorId?: string): Promise<CorrectiveActionView[]> {
  let query = db
    .selectFrom("corrective_actions")
    .select(["id", "what", "who", "status", sql<string>`due_on::text`.as("due_on")])
    .where("dossier_id", "=", dossierId);
  if (indicatorId) query = query.where("indicator_id", "=", indicatorId);
  const rows = await query.orderBy("created_at").execute();
  return rows.map((r) => ({ id: r.id, what: r.what, who: r.who, dueOn: r.due_on, status: r.status }));
}
