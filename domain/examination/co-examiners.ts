import { listActiveFunderMembers, type FunderMember } from "../accounts/memberships.queries";
import type { Executor } from "../../db/executor";
import type { Actor } from "../permissions/actor";
import { canDecide, canManageCoExaminers, type DossierExaminers } from "../permissions/policy";
import { DomainError, forbidden, invalid } from "../errors";
import { inTransaction } from "../../db/transaction";
import { lockDossier } from "./status-change";

/**
 * Co-examiners (decision record 022): the examiner who took a dossier adds funder members (of any
 * funder) who then decide and close with them. Every door that decides or closes asks
 * `assertMayDecide`, which loads the dossier's examiners and calls the pure `canDecide` policy.
 */

export interface CoExaminerView {
  userId: string;
  name: string;
  funderName: string | null;
  addedAt: Date;
  addedByName: string | null;
}

/** The dossier's examiner and co-examiners, as the policy functions take them. */
export async function dossierExaminers(db: Executor, dossier: { id: string; examiner_id: string | null }): Promise<DossierExaminers> {
  const rows = await db.selectFrom("dossier_co_examiners").select("user_id").where("dossier_id", "=", dossier.id).execute();
  return { examinerId: dossier.examiner_id, coExaminerIds: rows.map((r) => r.user_id) };
}

/** Refuses (403) anyone but the examiner and their co-examiners. */
export async function assertMayDecide(db: Executor, actor: Actor, dossier: { id: string; examiner_id: string | null }): Promise<void> {
  if (!canDecide(actor, await dossierExaminers(db, dossier))) throw forbidden("examination.decision.notExaminer");
}

export async function listCoExaminers(db: Executor, dossierId: string): Promise<CoExaminerView[]> {
  const rows = await db
    .selectFrom("dossier_co_examiners")
    .innerJoin("users", "users.id", "dossier_co_examiners.user_id")
    .leftJoin("users as adder", "adder.id", "dossier_co_examiners.added_by")
    .select([
      "users.id as userId",
      "users.full_name",
      "users.email",
      "dossier_co_examiners.added_at as addedAt",
      "adder.full_name as addedByName",
      (eb) =>
        eb
          .selectFrom("memberships")
          .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
          .select("organisations.name")
          .whereRef("memberships.user_id", "=", "users.id")
          .where("organisations.kind", "=", "funder")
          .limit(1)
          .as("funderName"),
    ])
    .where("dossier_co_examiners.dossier_id", "=", dossierId)
    .orderBy("dossier_co_examiners.added_at")
    .execute();
  return rows.map((r) => ({
    userId: r.userId,
    name: r.full_name || r.email,
    funderName: r.funderName,
    addedAt: r.addedAt,
    addedByName: r.addedByName,
  }));
}

/** Active funder members (any funder) who may be added: neither the examiner nor already co-examiners. */
export async function coExaminerCandidates(
  db: Executor,
  dossier: DossierExaminers,
  /** The page's shared read of the funder members, when it has one. */
  funderMembers: () => Promise<FunderMember[]> = () => listActiveFunderMembers(db),
): Promise<FunderMember[]> {
  const excluded = new Set([...dossier.coExaminerIds, ...(dossier.examinerId ? [dossier.examinerId] : [])]);
  return (await funderMembers()).filter((m) => !excluded.has(m.id));
}

/** What the examination page needs to know about who decides here. */
export async function decisionRights(
  db: Executor,
  actor: Actor,
  dossier: { id: string; examiner_id: string | null },
  /** Already read by the caller (the review room reads them once for the whole page). */
  known?: DossierExaminers,
  funderMembers?: () => Promise<FunderMember[]>,
) {
  const examiners = known ?? (await dossierExaminers(db, dossier));
  const manage = canManageCoExaminers(actor, examiners);
  const [coExaminers, candidates] = await Promise.all([
    examiners.coExaminerIds.length > 0 ? listCoExaminers(db, dossier.id) : Promise.resolve([]),
    manage ? coExaminerCandidates(db, examiners, funderMembers) : Promise.resolve([]),
  ]);
  return { canDecide: canDecide(actor, examiners), canManageCoExaminers: manage, coExaminers, candidates };
}

async function recordCoExaminerEvent(db: Executor, dossierId: string, actorId: string, kind: string, userId: string): Promise<void> {
  await db
    .insertInto("dossier_events")
    .values({ dossier_id: dossierId, actor_id: actorId, kind, payload: JSON.stringify({ user_id: userId }) })
    .execute();
}

/** The examiner adds a co-examiner: an active member of any funder, other than themself. */
export async function addCoExaminer(db: Executor, actor: Actor, input: { dossierId: string; userId: string }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const dossier = await lockDossier(trx, input.dossierId);
    if (!canManageCoExaminers(actor, { examinerId: dossier.examiner_id })) throw forbidden("examination.coExaminers.forbidden");
    if (input.userId === dossier.examiner_id) throw invalid({ userId: ["examination.coExaminers.isExaminer"] });
    const member = await trx
      .selectFrom("memberships")
      .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select("users.id")
      .where("users.id", "=", input.userId)
      .where("organisations.kind", "=", "funder")
      .where("users.disabled_at", "is", null)
      .executeTakeFirst();
    if (!member) throw invalid({ userId: ["examination.coExaminers.notFunderMember"] });
    const inserted = await trx
      .insertInto("dossier_co_examiners")
      .values({ dossier_id: dossier.id, user_id: member.id, added_by: actor.userId })
      .onConflict((oc) => oc.columns(["dossier_id", "user_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!inserted) throw new DomainError("conflict", "examination.coExaminers.already");
    await recordCoExaminerEvent(trx, dossier.id, actor.userId, "examination.co_examiner_added", member.id);
  });
}

/** The examiner removes a co-examiner: from now on their decisions and closings are refused. */
export async function removeCoExaminer(db: Executor, actor: Actor, input: { dossierId: string; userId: string }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const dossier = await lockDossier(trx, input.dossierId);
    if (!canManageCoExaminers(actor, { examinerId: dossier.examiner_id })) throw forbidden("examination.coExaminers.forbidden");
    const removed = await trx
      .deleteFrom("dossier_co_examiners")
      .where("dossier_id", "=", dossier.id)
      .where("user_id", "=", input.userId)
      .returning("user_id")
      .executeTakeFirst();
    if (!removed) throw new DomainError("conflict", "examination.coExaminers.notListed");
    await recordCoExaminerEvent(trx, dossier.id, actor.userId, "examination.co_examiner_removed", input.userId);
  });
}
