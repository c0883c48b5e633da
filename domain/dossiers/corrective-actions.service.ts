import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import type { CorrectiveActionStatus } from "../../db/schema";
import { DomainError, invalid } from "../errors";
import { getOrCreateOfDossier, requireIndicator } from "./dossier-access";
import type { OfScope } from "./of-scope";
import { recordEvent } from "./timeline";
import { hasForbiddenCharacters, isCalendarDate, isUuid } from "../validation/fields";
import type { Actor } from "../permissions/actor";
import { canExamine } from "../permissions/policy";
import { forbidden } from "../errors";
import { assertMayDecide } from "../examination/co-examiners";
import { recordDomainEvent } from "../events/record-event";
import { eventActor } from "../events/domain-event";
import { dayKeyInParis } from "../i18n/format";

/**
 * Corrective actions answering a funder's reason: what, who, by when, status. Scoped by the OF's dossier.
 * The OF sets these statuses; "accepte" is the examiner's (acceptCorrectiveAction), and closes the action.
 */
export const CORRECTIVE_STATUSES: readonly CorrectiveActionStatus[] = ["a_faire", "en_cours", "fait"];

/** Overdue: its due date (YYYY-MM-DD) is before `today` and it is neither done nor accepted. Shown to both sides. */
export function isCorrectiveActionOverdue(action: { status: CorrectiveActionStatus; dueOn: string }, today: string): boolean {
  return action.status !== "fait" && action.status !== "accepte" && action.dueOn < today;
}

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
      .select(["c.id", "c.dossier_id", "c.status", "i.code"])
      .where("c.id", "=", actionId)
      .where("d.organisation_id", "=", scope.organisationId)
      .forUpdate("c")
      .executeTakeFirst();
    if (!row) throw new DomainError("not_found", "errors.notFound");
    if (row.status === "accepte") throw new DomainError("conflict", "corrective.errors.alreadyAccepted");
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
  /** Not done nor accepted, and its due date has passed (Paris day). */
  overdue: boolean;
  /** When an examiner accepted it (null: not accepted). */
  acceptedAt: string | null;
}

export async function listCorrectiveActions(
  db: Executor,
  dossierId: string,
  indicatorId?: string,
  today = dayKeyInParis(new Date()),
): Promise<CorrectiveActionView[]> {
  let query = db
    .selectFrom("corrective_actions")
    .select(["id", "what", "who", "status", "accepted_at", sql<string>`due_on::text`.as("due_on")])
    .where("dossier_id", "=", dossierId);
  if (indicatorId) query = query.where("indicator_id", "=", indicatorId);
  const rows = await query.orderBy("created_at").execute();
  return rows.map((r) => ({
    id: r.id,
    what: r.what,
    who: r.who,
    dueOn: r.due_on,
    status: r.status,
    overdue: isCorrectiveActionOverdue({ status: r.status, dueOn: r.due_on }, today),
    acceptedAt: r.accepted_at ? new Date(r.accepted_at).toISOString() : null,
  }));
}

/**
 * An examiner accepts an OF's corrective action (issue 14.3): only the dossier's examiner and
 * co-examiners (the rule of decisions, decision record 022). Status "accepte", who and when; the OF
 * is told from the recorded event. Accepting an accepted action again changes nothing.
 */
export async function acceptCorrectiveAction(db: Executor, actor: Actor, actionId: string): Promise<void> {
  if (!canExamine(actor)) throw forbidden();
  if (!isUuid(actionId)) throw new DomainError("not_found", "errors.notFound");
  await inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("corrective_actions as c")
      .innerJoin("dossiers as d", "d.id", "c.dossier_id")
      .innerJoin("indicators as i", "i.id", "c.indicator_id")
      .select(["c.id", "c.status", "c.dossier_id", "d.organisation_id", "d.examiner_id", "i.code"])
      .where("c.id", "=", actionId)
      .forUpdate("c")
      .executeTakeFirst();
    if (!row) throw new DomainError("not_found", "errors.notFound");
    await assertMayDecide(trx, actor, { id: row.dossier_id, examiner_id: row.examiner_id });
    if (row.status === "accepte") return;
    await trx
      .updateTable("corrective_actions")
      .set({ status: "accepte", accepted_by: actor.userId, accepted_at: sql`now()`, updated_at: sql`now()` })
      .where("id", "=", row.id)
      .execute();
    await recordEvent(trx, {
      dossierId: row.dossier_id,
      actorId: actor.userId,
      kind: "corrective_action.accepted",
      payload: { code: row.code },
    });
    await recordDomainEvent(trx, {
      type: "corrective_action.accepted",
      payload: {
        dossierId: row.dossier_id,
        organisationId: row.organisation_id,
        actionId: row.id,
        indicatorCode: row.code,
        actor: eventActor(actor),
      },
    });
  });
}
