import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Executor } from "../../db/executor";
import type { CommitteeMark, IndicatorReview } from "../../db/schema";
import { inTransaction, uniqueViolation } from "../../db/transaction";
import type { Actor } from "../permissions/actor";
import { canSeeDossier } from "../permissions/access";
import { DomainError, invalid } from "../errors";
import { assertMayDecide } from "./co-examiners";
import { decideIndicator, type DecideInput } from "./decision";
import { recordDomainEvent } from "../events/record-event";
import { eventActor, type CommitteeEnded } from "../events/domain-event";

/**
 * Committee mode of the review room (decision record 035). A decider (the examiner or a co-examiner,
 * decision 022) opens a session and chairs it; the chair records who is present and saves decisions
 * with the members' marks. The live part (moving everyone, marks as they are given) is socket.io
 * (collab/presence/committee.ts); what is kept is written here.
 */

export interface CommitteeView {
  id: string;
  dossierId: string;
  chairId: string | null;
  chairName: string | null;
  startedAt: Date;
  /** Members present now (attendance without a departure), by name. */
  present: { userId: string; name: string }[];
}

async function lockedDossier(db: Executor, actor: Actor, dossierId: string) {
  const dossier = await db
    .selectFrom("dossiers")
    .select(["id", "organisation_id", "status", "examiner_id"])
    .where("id", "=", dossierId)
    .forUpdate()
    .executeTakeFirst();
  if (!dossier || !canSeeDossier(actor, { organisationId: dossier.organisation_id, status: dossier.status })) {
    throw new DomainError("not_found", "errors.notFound");
  }
  return dossier;
}

/** Opens a committee session on a dossier in examination; the actor (a decider) chairs it. */
export async function startCommittee(db: Executor, actor: Actor, dossierId: string): Promise<CommitteeView> {
  const id = await inTransaction(db, async (trx) => {
    const dossier = await lockedDossier(trx, actor, dossierId);
    if (dossier.status !== "en_examen") throw new DomainError("conflict", "examination.notInExamination", { status: dossier.status });
    await assertMayDecide(trx, actor, dossier);
    const open = await trx
      .selectFrom("committee_sessions")
      .select("id")
      .where("dossier_id", "=", dossierId)
      .where("ended_at", "is", null)
      .executeTakeFirst();
    if (open) throw new DomainError("conflict", "examination.committee.alreadyOpen");
    const session = await trx
      .insertInto("committee_sessions")
      .values({ dossier_id: dossierId, chair_id: actor.userId })
      .returning("id")
      .executeTakeFirstOrThrow()
      .catch((err: unknown) => {
        if (uniqueViolation(err)) throw new DomainError("conflict", "examination.committee.alreadyOpen");
        throw err;
      });
    await trx.insertInto("committee_attendance").values({ session_id: session.id, user_id: actor.userId }).execute();
    return session.id;
  });
  const view = await findOpenCommittee(db, dossierId);
  if (!view || view.id !== id) throw new DomainError("conflict", "examination.committee.notOpen");
  return view;
}

async function requireOpenSession(db: Executor, sessionId: string) {
  const session = await db
    .selectFrom("committee_sessions")
    .select(["id", "dossier_id", "chair_id", "ended_at"])
    .where("id", "=", sessionId)
    .forUpdate()
    .executeTakeFirst();
  if (!session || session.ended_at !== null) throw new DomainError("conflict", "examination.committee.notOpen");
  return session;
}

/** Ends a session: its chair, or any decider of the dossier (a chair who left). */
export async function endCommittee(db: Executor, actor: Actor, sessionId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const session = await requireOpenSession(trx, sessionId);
    const dossier = await lockedDossier(trx, actor, session.dossier_id);
    if (session.chair_id !== actor.userId) await assertMayDecide(trx, actor, dossier);
    await closeSession(trx, actor, session, "ended");
  });
}

/**
 * Ends the dossier's open session, if any, because the dossier was closed (decision record 035): called
 * by closeExamination in its transaction, after its own checks, so a refused closing leaves the session open.
 */
export async function endOpenCommitteeOnClosing(db: Executor, actor: Actor, dossierId: string): Promise<void> {
  const session = await db
    .selectFrom("committee_sessions")
    .select(["id", "dossier_id"])
    .where("dossier_id", "=", dossierId)
    .where("ended_at", "is", null)
    .forUpdate()
    .executeTakeFirst();
  if (session) await closeSession(db, actor, session, "dossier_closed");
}

async function closeSession(db: Executor, actor: Actor, session: { id: string; dossier_id: string }, cause: CommitteeEnded["cause"]) {
  const now = new Date();
  await db.updateTable("committee_sessions").set({ ended_at: now }).where("id", "=", session.id).execute();
  await db
    .updateTable("committee_attendance")
    .set({ left_at: now })
    .where("session_id", "=", session.id)
    .where("left_at", "is", null)
    .execute();
  await recordDomainEvent(db, {
    type: "committee.ended",
    payload: { dossierId: session.dossier_id, sessionId: session.id, cause, actor: eventActor(actor) },
  });
}

/**
 * The chair's snapshot of who is in the room (from live presence): those listed are present (again),
 * the others have left. Only funder-side users are kept; the chair is always present.
 */
export async function recordCommitteePresence(
  db: Executor,
  actor: Actor,
  sessionId: string,
  userIds: readonly string[],
): Promise<string[]> {
  return inTransaction(db, async (trx) => {
    const session = await requireOpenSession(trx, sessionId);
    if (session.chair_id !== actor.userId) throw new DomainError("forbidden", "examination.committee.notChair");
    const wanted = [...new Set([actor.userId, ...userIds])];
    const funderSide = await trx
      .selectFrom("memberships")
      .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
      .select("memberships.user_id")
      .distinct()
      .where("memberships.user_id", "in", wanted)
      .where("organisations.kind", "in", ["funder", "coordination"])
      .execute();
    const present = funderSide.map((r) => r.user_id);
    const now = new Date();
    let leaving = trx
      .updateTable("committee_attendance")
      .set({ left_at: now })
      .where("session_id", "=", session.id)
      .where("left_at", "is", null);
    if (present.length > 0) leaving = leaving.where("user_id", "not in", present);
    await leaving.execute();
    if (present.length > 0) {
      await trx
        .insertInto("committee_attendance")
        .values(present.map((userId) => ({ session_id: session.id, user_id: userId })))
        .onConflict((oc) => oc.columns(["session_id", "user_id"]).doUpdateSet({ left_at: null }))
        .execute();
    }
    return present;
  });
}

/**
 * The open committee sessions with their chair and the members present (by name), as one row each;
 * the caller narrows by dossier (a value, or the outer query's dossier: review-room.queries.ts).
 */
export function selectOpenCommittee(db: Executor) {
  return db
    .selectFrom("committee_sessions")
    .leftJoin("users", "users.id", "committee_sessions.chair_id")
    .select((eb) => [
      "committee_sessions.id",
      "committee_sessions.dossier_id",
      "committee_sessions.chair_id",
      "committee_sessions.started_at",
      "users.full_name",
      "users.email",
      jsonArrayFrom(
        eb
          .selectFrom("committee_attendance")
          .innerJoin("users as member", "member.id", "committee_attendance.user_id")
          .select(["member.id", "member.full_name", "member.email"])
          .whereRef("committee_attendance.session_id", "=", "committee_sessions.id")
          .where("committee_attendance.left_at", "is", null)
          .orderBy("member.full_name")
          .$narrowType<{ id: string; email: string }>(),
      ).as("present"),
    ])
    .where("committee_sessions.ended_at", "is", null);
}

type OpenCommitteeRow = {
  id: string;
  dossier_id: string;
  chair_id: string | null;
  /** A Date from a row; an ISO string from JSON (the row nested in another query). */
  started_at: Date | string;
  full_name: string | null;
  email: string | null;
  present: { id: string; full_name: string | null; email: string }[];
};

/** A row of selectOpenCommittee as the room shows it. */
export function committeeView(row: OpenCommitteeRow): CommitteeView {
  return {
    id: row.id,
    dossierId: row.dossier_id,
    chairId: row.chair_id,
    chairName: row.chair_id ? row.full_name || row.email : null,
    startedAt: new Date(row.started_at),
    present: row.present.map((p) => ({ userId: p.id, name: p.full_name || p.email })),
  };
}

/** The dossier's open committee session, or undefined. */
export async function findOpenCommittee(db: Executor, dossierId: string): Promise<CommitteeView | undefined> {
  const row = await selectOpenCommittee(db).where("committee_sessions.dossier_id", "=", dossierId).executeTakeFirst();
  return row ? committeeView(row) : undefined;
}

/** Saves a decision in committee: the chair decides (examiner or co-examiner), the present members' marks are kept with it. */
export async function decideInCommittee(
  db: Executor,
  actor: Actor,
  input: Omit<DecideInput, "committee"> & { sessionId: string; marks: readonly { userId: string; mark: CommitteeMark }[] },
): Promise<IndicatorReview> {
  const { sessionId, marks, ...decide } = input;
  if (!Array.isArray(marks)) throw invalid({ marks: ["examination.committee.invalidMark"] });
  return decideIndicator(db, actor, { ...decide, committee: { sessionId, marks } });
}

export interface CommitteeDecisionRecord {
  id: string;
  indicatorId: string;
  decision: string;
  chairId: string | null;
  createdAt: Date;
  members: { userId: string; mark: CommitteeMark | null }[];
}

/** Decisions a session recorded, oldest first, with the members present and their marks. */
export async function listCommitteeDecisions(db: Executor, sessionId: string): Promise<CommitteeDecisionRecord[]> {
  const rows = await db
    .selectFrom("committee_decisions")
    .select(["id", "indicator_id", "decision", "chair_id", "created_at"])
    .where("session_id", "=", sessionId)
    .orderBy("created_at")
    .execute();
  if (rows.length === 0) return [];
  const members = await db
    .selectFrom("committee_decision_members")
    .select(["committee_decision_id", "user_id", "mark"])
    .where(
      "committee_decision_id",
      "in",
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => ({
    id: r.id,
    indicatorId: r.indicator_id,
    decision: r.decision,
    chairId: r.chair_id,
    createdAt: r.created_at,
    members: members.filter((m) => m.committee_decision_id === r.id).map((m) => ({ userId: m.user_id, mark: m.mark })),
  }));
}
