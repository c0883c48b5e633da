import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { makeDossier, makeOrganisation, makeReferentiel, type MadeReferentiel } from "../../factories/records";
import { takeDossier } from "../../../domain/examination/take";
import { addCoExaminer } from "../../../domain/examination/co-examiners";
import {
  decideInCommittee,
  endCommittee,
  findOpenCommittee,
  listCommitteeDecisions,
  recordCommitteePresence,
  startCommittee,
} from "../../../domain/examination/committee.service";
import { decideIndicator } from "../../../domain/examination/decision";
import { closeExamination } from "../../../domain/examination/close";
import { loadReviewRoom } from "../../../domain/examination/review-room.view";
import type { Actor } from "../../../domain/permissions/actor";

/** Committee mode (decision record 035): sessions, presence snapshots, decisions with the members' marks. */
describe("committee sessions", () => {
  let t: TestDatabase;
  let ref: MadeReferentiel;
  let alice: Actor;
  let bob: Actor;
  let carol: Actor;
  let ofAdmin: Actor;

  beforeAll(async () => {
    t = await createTestDatabase();
    ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 3 });
    const funderA = await makeOrganisation(t.db, "funder", ["funder_reviewer", "funder_reviewer"]);
    const funderB = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
    alice = funderA.users[0]!.actor;
    carol = funderA.users[1]!.actor;
    bob = funderB.users[0]!.actor;
    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    ofAdmin = of.users[0]!.actor;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function inExamination() {
    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    const d = await makeDossier(t.db, of, ref);
    await takeDossier(t.db, alice, d.id);
    await addCoExaminer(t.db, alice, { dossierId: d.id, userId: bob.userId });
    return d.id;
  }

  it("only a decider opens a committee, one at a time; the opener chairs it", async () => {
    const dossierId = await inExamination();
    await expect(startCommittee(t.db, carol, dossierId)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(startCommittee(t.db, ofAdmin, dossierId)).rejects.toMatchObject({ kind: "not_found" });
    const session = await startCommittee(t.db, bob, dossierId);
    expect(session).toMatchObject({ dossierId, chairId: bob.userId, present: [{ userId: bob.userId }] });
    await expect(startCommittee(t.db, alice, dossierId)).rejects.toMatchObject({
      kind: "conflict",
      messageKey: "examination.committee.alreadyOpen",
    });
    expect((await loadReviewRoom(t.db, alice, dossierId)).committee?.id).toBe(session.id);
    await endCommittee(t.db, alice, session.id); // another decider may end it
    expect(await findOpenCommittee(t.db, dossierId)).toBeUndefined();
    await expect(endCommittee(t.db, bob, session.id)).rejects.toMatchObject({ kind: "conflict" });
    expect(await endedEvents(session.id)).toEqual([
      { dossierId, sessionId: session.id, cause: "ended", actor: { userId: alice.userId, name: expect.any(String) } },
    ]);
  });

  /** The `committee.ended` events recorded for a session (the outbox, decision 030). */
  async function endedEvents(sessionId: string) {
    const rows = await t.db.selectFrom("domain_events").select("payload").where("type", "=", "committee.ended").orderBy("seq").execute();
    return rows.map((r) => r.payload as { sessionId: string }).filter((p) => p.sessionId === sessionId);
  }

  it("closing the dossier ends its open committee in the closing's transaction, with an event; a refused closing leaves it open", async () => {
    const dossierId = await inExamination();
    const [first] = ref.indicators as [(typeof ref.indicators)[0]];
    const session = await startCommittee(t.db, alice, dossierId);
    await recordCommitteePresence(t.db, alice, session.id, [bob.userId, carol.userId]);
    // Nothing à compléter yet: the closing is refused, the session stays open and nothing is recorded.
    await expect(closeExamination(t.db, alice, { dossierId, outcome: "send_back", message: "Merci" })).rejects.toMatchObject({
      kind: "conflict",
    });
    expect((await findOpenCommittee(t.db, dossierId))?.id).toBe(session.id);
    expect(await endedEvents(session.id)).toEqual([]);

    await decideInCommittee(t.db, alice, {
      dossierId,
      indicatorId: first.id,
      decision: "a_completer",
      reason: "Joindre le programme détaillé",
      expectedVersion: null,
      sessionId: session.id,
      marks: [{ userId: bob.userId, mark: "agree" }],
    });
    // A co-examiner who does not chair closes it: the session ends with the examination.
    const closed = await closeExamination(t.db, bob, { dossierId, outcome: "send_back", message: "Merci" });
    expect(closed.status).toBe("a_completer");
    expect(await findOpenCommittee(t.db, dossierId)).toBeUndefined();
    const row = await t.db.selectFrom("committee_sessions").select("ended_at").where("id", "=", session.id).executeTakeFirstOrThrow();
    expect(row.ended_at).toBeInstanceOf(Date);
    const stillPresent = await t.db
      .selectFrom("committee_attendance")
      .select("user_id")
      .where("session_id", "=", session.id)
      .where("left_at", "is", null)
      .execute();
    expect(stillPresent).toEqual([]);
    expect(await endedEvents(session.id)).toEqual([
      { dossierId, sessionId: session.id, cause: "dossier_closed", actor: { userId: bob.userId, name: expect.any(String) } },
    ]);
    // What the committee decided stays on record; the ended session takes no more decisions.
    expect(await listCommitteeDecisions(t.db, session.id)).toHaveLength(1);
    await expect(endCommittee(t.db, alice, session.id)).rejects.toMatchObject({ messageKey: "examination.committee.notOpen" });
  });

  it("records the chair, the members present and their marks with a decision, in its transaction", async () => {
    const dossierId = await inExamination();
    const [first, second] = ref.indicators as [(typeof ref.indicators)[0], (typeof ref.indicators)[0]];
    const session = await startCommittee(t.db, alice, dossierId);
    // Only the chair snapshots presence; an OF user listed is dropped.
    await expect(recordCommitteePresence(t.db, bob, session.id, [bob.userId])).rejects.toMatchObject({ kind: "forbidden" });
    const present = await recordCommitteePresence(t.db, alice, session.id, [bob.userId, carol.userId, ofAdmin.userId]);
    expect(present.sort()).toEqual([alice.userId, bob.userId, carol.userId].sort());

    // A co-examiner who is not the chair cannot save in committee; a mark from someone absent is refused; nothing is saved.
    const input = { dossierId, indicatorId: first.id, decision: "valide" as const, expectedVersion: null };
    await expect(decideInCommittee(t.db, bob, { ...input, sessionId: session.id, marks: [] })).rejects.toMatchObject({
      messageKey: "examination.committee.notChair",
    });
    await expect(
      decideInCommittee(t.db, alice, { ...input, sessionId: session.id, marks: [{ userId: ofAdmin.userId, mark: "agree" }] }),
    ).rejects.toMatchObject({ kind: "validation" });
    expect(await t.db.selectFrom("indicator_reviews").select("id").where("dossier_id", "=", dossierId).execute()).toEqual([]);

    const review = await decideInCommittee(t.db, alice, {
      ...input,
      sessionId: session.id,
      marks: [
        { userId: bob.userId, mark: "agree" },
        { userId: carol.userId, mark: "disagree" },
      ],
    });
    expect(review.decision).toBe("valide");
    // Carol steps out; the next decision records her absence.
    await recordCommitteePresence(t.db, alice, session.id, [bob.userId]);
    await decideInCommittee(t.db, alice, {
      dossierId,
      indicatorId: second.id,
      decision: "a_completer",
      reason: "Compléter selon le comité",
      expectedVersion: null,
      sessionId: session.id,
      marks: [{ userId: bob.userId, mark: "agree" }],
    });

    const records = await listCommitteeDecisions(t.db, session.id);
    const byUser = (members: { userId: string; mark: string | null }[]) => Object.fromEntries(members.map((m) => [m.userId, m.mark]));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ indicatorId: first.id, decision: "valide", chairId: alice.userId });
    expect(byUser(records[0]!.members)).toEqual({ [alice.userId]: null, [bob.userId]: "agree", [carol.userId]: "disagree" });
    expect(byUser(records[1]!.members)).toEqual({ [alice.userId]: null, [bob.userId]: "agree" });
    // The committee record points at the decision's history row.
    const history = await t.db
      .selectFrom("committee_decisions")
      .innerJoin("indicator_review_history as h", "h.id", "committee_decisions.history_id")
      .select(["h.decision", "h.decided_by"])
      .where("committee_decisions.session_id", "=", session.id)
      .orderBy("committee_decisions.created_at")
      .execute();
    expect(history).toEqual([
      { decision: "valide", decided_by: alice.userId },
      { decision: "a_completer", decided_by: alice.userId },
    ]);

    // After the session ends, a committee save is refused and a plain decision still works.
    await endCommittee(t.db, alice, session.id);
    await expect(
      decideInCommittee(t.db, alice, { ...input, indicatorId: ref.indicators[2]!.id, sessionId: session.id, marks: [] }),
    ).rejects.toMatchObject({ messageKey: "examination.committee.notOpen" });
    await decideIndicator(t.db, alice, { ...input, indicatorId: ref.indicators[2]!.id });
  });
});
