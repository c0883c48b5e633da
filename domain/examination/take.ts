import type { Executor } from "../../db/executor";
import type { Dossier } from "../../db/schema";
import type { Actor } from "../permissions/actor";
import { canAssign, canExamine } from "../permissions/policy";
import { DomainError, forbidden } from "../errors";
import { inTransaction } from "../../db/transaction";
import { assignerSideOf, funderSideOf } from "../permissions/actor-side";
import { applyStatusChange, lockDossier, recordStatusChanged, resetCoExaminersOnNewExaminer } from "./status-change";
import { eventActor } from "../events/domain-event";

/** An examiner takes a submitted dossier for themself: soumis → en examen. */
export async function takeDossier(db: Executor, actor: Actor, dossierId: string): Promise<Dossier> {
  if (!canExamine(actor)) throw forbidden();
  return inTransaction(db, async (trx) => {
    const dossier = await lockDossier(trx, dossierId);
    const taken = await applyStatusChange(trx, {
      dossier,
      action: "take",
      side: funderSideOf(actor),
      actorId: actor.userId,
      eventKind: "examination.taken",
      payload: { examiner_id: actor.userId },
      examinerId: actor.userId,
    });
    await recordStatusChanged(trx, dossier, taken, "take", eventActor(actor));
    return taken;
  });
}

/**
 * A funder admin or a coordinator assigns the dossier to an examiner (a member of any funder):
 * a submitted dossier moves to en examen; one already in examination changes examiner.
 */
export async function assignDossier(db: Executor, actor: Actor, dossierId: string, examinerId: string): Promise<Dossier> {
  if (!canAssign(actor)) throw forbidden();
  return inTransaction(db, async (trx) => {
    const examiner = await trx
      .selectFrom("memberships")
      .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select("memberships.user_id")
      .where("memberships.user_id", "=", examinerId)
      .where("organisations.kind", "=", "funder")
      .where("users.disabled_at", "is", null)
      .executeTakeFirst();
    if (!examiner)
      throw new DomainError("validation", "examination.assign.notExaminer", {}, { examinerId: ["examination.assign.notExaminer"] });
    const dossier = await lockDossier(trx, dossierId);
    const side = assignerSideOf(actor);
    if (dossier.status === "soumis") {
      const assigned = await applyStatusChange(trx, {
        dossier,
        action: "take",
        side,
        actorId: actor.userId,
        eventKind: "examination.assigned",
        payload: { examiner_id: examinerId },
        examinerId,
      });
      await recordStatusChanged(trx, dossier, assigned, "assign", eventActor(actor));
      return assigned;
    }
    if (dossier.status !== "en_examen") {
      throw new DomainError("conflict", "dossier.transition.invalid", { action: "assign", status: dossier.status });
    }
    const updated = await trx
      .updateTable("dossiers")
      .set((eb) => ({ examiner_id: examinerId, version: eb("version", "+", 1), updated_at: new Date() }))
      .where("id", "=", dossier.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await resetCoExaminersOnNewExaminer(trx, dossier.id, dossier.examiner_id, examinerId);
    await trx
      .insertInto("dossier_events")
      .values({
        dossier_id: dossier.id,
        actor_id: actor.userId,
        kind: "examination.assigned",
        payload: JSON.stringify({ examiner_id: examinerId, previous_examiner_id: dossier.examiner_id }),
      })
      .execute();
    await recordStatusChanged(trx, dossier, updated, "assign", eventActor(actor));
    return updated;
  });
}
