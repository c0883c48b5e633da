import type { Transaction } from "kysely";
import type { Database, CommitteeMark, IndicatorDecision } from "../../db/schema";
import type { Actor } from "../permissions/actor";
import { DomainError, invalid } from "../errors";

/** What a decision saved in committee mode carries: the session and the marks the members gave. */
export interface CommitteeDecisionInput {
  sessionId: string;
  /** Each member's mark on the proposed decision; members present without a mark are recorded with none. */
  marks: readonly { userId: string; mark: CommitteeMark }[];
}

/**
 * Records, in the decision's transaction, that it was taken in committee (decision record 035): the
 * chair (who saves), the members present (the session's attendance) and each member's mark. Refuses a
 * closed session, another dossier's session, a saver who is not the chair, and marks from absent people.
 */
export async function recordCommitteeDecision(
  trx: Transaction<Database>,
  actor: Actor,
  input: CommitteeDecisionInput & { dossierId: string; indicatorId: string; decision: IndicatorDecision; historyId: string },
): Promise<string> {
  const session = await trx
    .selectFrom("committee_sessions")
    .select(["id", "dossier_id", "chair_id", "ended_at"])
    .where("id", "=", input.sessionId)
    .forUpdate()
    .executeTakeFirst();
  if (!session || session.ended_at !== null || session.dossier_id !== input.dossierId) {
    throw new DomainError("conflict", "examination.committee.notOpen");
  }
  if (session.chair_id !== actor.userId) throw new DomainError("forbidden", "examination.committee.notChair");
  const present = await trx
    .selectFrom("committee_attendance")
    .select("user_id")
    .where("session_id", "=", session.id)
    .where("left_at", "is", null)
    .execute();
  const presentIds = new Set(present.map((p) => p.user_id));
  presentIds.add(actor.userId);
  const marks = new Map<string, CommitteeMark>();
  for (const { userId, mark } of input.marks) {
    if (mark !== "agree" && mark !== "disagree") throw invalid({ marks: ["examination.committee.invalidMark"] });
    if (!presentIds.has(userId)) throw invalid({ marks: ["examination.committee.notPresent"] });
    marks.set(userId, mark);
  }
  const row = await trx
    .insertInto("committee_decisions")
    .values({
      session_id: session.id,
      history_id: input.historyId,
      dossier_id: input.dossierId,
      indicator_id: input.indicatorId,
      decision: input.decision,
      chair_id: actor.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("committee_decision_members")
    .values([...presentIds].map((userId) => ({ committee_decision_id: row.id, user_id: userId, mark: marks.get(userId) ?? null })))
    .execute();
  return row.id;
}
