import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { editAnswer, makeDossier, makeOrganisation, makeReferentiel, memoryMailer, type MadeReferentiel } from "../../factories/records";
import { assignDossier, takeDossier } from "../../../domain/examination/take";
import { decideIndicator, isReviewConflict } from "../../../domain/examination/decision";
import { closeExamination } from "../../../domain/examination/close";
import { listQueue } from "../../../domain/examination/queue";
import { loadReviewRoom } from "../../../domain/examination/review-room.view";
import { addCoExaminer, listCoExaminers, removeCoExaminer } from "../../../domain/examination/co-examiners";
import type { Actor } from "../../../domain/permissions/actor";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { notificationHandler } from "../../../server/events/notification-handler";
import { onlyEvents, startTestDispatcher, switchableMailer } from "../../setup/event-dispatcher";

describe("examination", () => {
  let t: TestDatabase;
  let ref: MadeReferentiel;
  let alice: Actor;
  let bob: Actor;
  let funderAdmin: Actor;
  let ofActor: Actor;
  let of: Awaited<ReturnType<typeof makeOrganisation>>;
  let events: EventDispatcher;
  const toTest = switchableMailer();

  beforeAll(async () => {
    t = await createTestDatabase();
    // What closing tells the OF (taking's notification is checked in changes-and-alerts).
    const closing = (e: { type: string; payload: unknown }) =>
      e.type === "dossier.status_changed" && (e.payload as { cause: string }).cause === "close";
    events = await startTestDispatcher(t.db, {
      mailer: toTest,
      handlers: [onlyEvents(notificationHandler({ db: t.db, mailer: toTest, publicUrl: "http://localhost" }), closing)],
    });
    ref = await makeReferentiel(t.db);
    const funderA = await makeOrganisation(t.db, "funder", ["funder_reviewer", "funder_admin"]);
    const funderB = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
    alice = funderA.users[0]!.actor;
    funderAdmin = funderA.users[1]!.actor;
    bob = funderB.users[0]!.actor;
    of = await makeOrganisation(t.db, "of", ["of_admin", "of_member"]);
    ofActor = of.users[0]!.actor;
  });
  afterAll(async () => {
    await events?.stop();
    await t?.close();
  });

  /** A dossier alice took, with bob (funder B) as her co-examiner: both decide. */
  async function inExamination() {
    const o = await makeOrganisation(t.db, "of", ["of_admin"]);
    const d = await makeDossier(t.db, o, ref);
    await takeDossier(t.db, alice, d.id);
    await addCoExaminer(t.db, alice, { dossierId: d.id, userId: bob.userId });
    return { of: o, dossierId: d.id };
  }

  it("takes a submitted dossier once; an OF cannot take", async () => {
    const d = await makeDossier(t.db, of, ref);
    await expect(takeDossier(t.db, ofActor, d.id)).rejects.toMatchObject({ kind: "forbidden" });
    const taken = await takeDossier(t.db, alice, d.id);
    expect(taken.status).toBe("en_examen");
    expect(taken.examiner_id).toBe(alice.userId);
    await expect(takeDossier(t.db, bob, d.id)).rejects.toMatchObject({ kind: "conflict" });
    const events = await t.db.selectFrom("dossier_events").select("kind").where("dossier_id", "=", d.id).execute();
    expect(events.map((e) => e.kind)).toContain("examination.taken");
  });

  it("lets a funder admin assign, but not a reviewer", async () => {
    const o = await makeOrganisation(t.db, "of", ["of_admin"]);
    const d = await makeDossier(t.db, o, ref);
    await expect(assignDossier(t.db, alice, d.id, bob.userId)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(assignDossier(t.db, funderAdmin, d.id, ofActor.userId)).rejects.toMatchObject({ kind: "validation" });
    const assigned = await assignDossier(t.db, funderAdmin, d.id, bob.userId);
    expect(assigned).toMatchObject({ status: "en_examen", examiner_id: bob.userId });
    const reassigned = await assignDossier(t.db, funderAdmin, d.id, alice.userId);
    expect(reassigned.examiner_id).toBe(alice.userId);
  });

  it("requires a reason for à compléter and non conforme", async () => {
    const { dossierId } = await inExamination();
    const indicatorId = ref.indicators[0]!.id;
    for (const decision of ["a_completer", "non_conforme"] as const) {
      await expect(
        decideIndicator(t.db, alice, { dossierId, indicatorId, decision, reason: "  ", expectedVersion: null }),
      ).rejects.toMatchObject({ kind: "validation", fieldErrors: { reason: ["examination.decision.reasonRequired"] } });
    }
  });

  it("writes current state and append-only history with the previous value", async () => {
    const { dossierId } = await inExamination();
    const indicatorId = ref.indicators[0]!.id;
    const first = await decideIndicator(t.db, alice, {
      dossierId,
      indicatorId,
      decision: "a_completer",
      reason: "Preuve manquante",
      expectedVersion: null,
    });
    expect(first.version).toBe(1);
    const second = await decideIndicator(t.db, bob, { dossierId, indicatorId, decision: "valide", expectedVersion: 1 });
    expect(second).toMatchObject({ version: 2, decision: "valide", reason: null, decided_by: bob.userId });
    const history = await t.db
      .selectFrom("indicator_review_history")
      .selectAll()
      .where("dossier_id", "=", dossierId)
      .orderBy("id")
      .execute();
    expect(history.map((h) => [h.decision, h.previous_decision, h.reason, h.decided_by])).toEqual([
      ["a_completer", null, "Preuve manquante", alice.userId],
      ["valide", "a_completer", null, bob.userId],
    ]);
  });

  it("refuses a stale write with a conflict carrying the newer decision", async () => {
    const { dossierId } = await inExamination();
    const indicatorId = ref.indicators[1]!.id;
    await decideIndicator(t.db, alice, { dossierId, indicatorId, decision: "valide", expectedVersion: null });
    await decideIndicator(t.db, alice, { dossierId, indicatorId, decision: "non_conforme", reason: "Faux", expectedVersion: 1 });
    const error = await decideIndicator(t.db, bob, { dossierId, indicatorId, decision: "valide", expectedVersion: 1 }).catch((e) => e);
    expect(isReviewConflict(error)).toBe(true);
    expect(error.kind).toBe("conflict");
    expect(error.current).toMatchObject({ decision: "non_conforme", reason: "Faux", version: 2 });
  });

  it("two simultaneous decisions on one indicator: one winner, one conflict", async () => {
    for (const expected of [null, 1] as const) {
      const { dossierId } = await inExamination();
      const indicatorId = ref.indicators[2]!.id;
      if (expected === 1) await decideIndicator(t.db, alice, { dossierId, indicatorId, decision: "valide", expectedVersion: null });
      const results = await Promise.allSettled([
        decideIndicator(t.db, alice, { dossierId, indicatorId, decision: "a_completer", reason: "A", expectedVersion: expected }),
        decideIndicator(t.db, bob, { dossierId, indicatorId, decision: "non_conforme", reason: "B", expectedVersion: expected }),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(isReviewConflict(lost[0]!.reason)).toBe(true);
      const winner = (won[0] as PromiseFulfilledResult<{ decision: string; version: number }>).value;
      expect(lost[0]!.reason.current).toMatchObject({ decision: winner.decision, version: winner.version });
      const history = await t.db
        .selectFrom("indicator_review_history")
        .select("id")
        .where("dossier_id", "=", dossierId)
        .where("indicator_id", "=", indicatorId)
        .execute();
      expect(history).toHaveLength(expected === null ? 1 : 2);
    }
  });

  it("refuses decisions outside examination and on indicators of another référentiel", async () => {
    const fresh = await makeOrganisation(t.db, "of", ["of_admin"]);
    const d = await makeDossier(t.db, fresh, ref, { status: "soumis" });
    await expect(
      decideIndicator(t.db, alice, { dossierId: d.id, indicatorId: ref.indicators[0]!.id, decision: "valide", expectedVersion: null }),
    ).rejects.toMatchObject({ kind: "conflict", messageKey: "examination.notInExamination" });
    const other = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const { dossierId } = await inExamination();
    await expect(
      decideIndicator(t.db, alice, { dossierId, indicatorId: other.indicators[0]!.id, decision: "valide", expectedVersion: null }),
    ).rejects.toMatchObject({ kind: "not_found" });
  });

  it("declares datadocké only when every indicator is validé and none stale, and notifies the OF", async () => {
    const { of: o, dossierId } = await inExamination();
    const mailer = memoryMailer();
    toTest.use(mailer);
    await expect(closeExamination(t.db, alice, { dossierId, outcome: "declare_datadocke" })).rejects.toMatchObject({
      messageKey: "examination.close.undecided",
    });
    for (const i of ref.indicators)
      await decideIndicator(t.db, alice, { dossierId, indicatorId: i.id, decision: "valide", expectedVersion: null });
    await editAnswer(t.db, dossierId, ref.indicators[0]!.id);
    await expect(closeExamination(t.db, alice, { dossierId, outcome: "declare_datadocke" })).rejects.toMatchObject({
      messageKey: "examination.close.stale",
    });
    const view = await loadReviewRoom(t.db, alice, dossierId, ref.indicators[0]!.code);
    expect(view.selected?.decision).toMatchObject({ stale: true, version: 1 });
    await decideIndicator(t.db, alice, { dossierId, indicatorId: ref.indicators[0]!.id, decision: "valide", expectedVersion: 1 });
    const closed = await closeExamination(t.db, alice, { dossierId, outcome: "declare_datadocke" });
    expect(closed.status).toBe("datadocke");
    expect(closed.decided_at).not.toBeNull();
    const notes = await t.db.selectFrom("notifications").select(["user_id", "kind"]).where("user_id", "=", o.users[0]!.id).execute();
    expect(notes).toEqual([{ user_id: o.users[0]!.id, kind: "examination.datadocke" }]);
    expect(mailer.sent.map((m) => m.to)).toEqual([o.users[0]!.email]);
    expect(mailer.sent[0]!.subject).toContain("datadocké");
  });

  it("sends back with the list of indicators à compléter; closes non conforme with reasons", async () => {
    const a = await inExamination();
    const mailer = memoryMailer();
    toTest.use(mailer);
    await decideIndicator(t.db, alice, {
      dossierId: a.dossierId,
      indicatorId: ref.indicators[0]!.id,
      decision: "valide",
      expectedVersion: null,
    });
    await expect(closeExamination(t.db, alice, { dossierId: a.dossierId, outcome: "send_back" })).rejects.toMatchObject({
      messageKey: "examination.close.nothingToComplete",
    });
    await decideIndicator(t.db, alice, {
      dossierId: a.dossierId,
      indicatorId: ref.indicators[1]!.id,
      decision: "a_completer",
      reason: "Joindre le programme",
      expectedVersion: null,
    });
    const back = await closeExamination(t.db, alice, { dossierId: a.dossierId, outcome: "send_back", message: "Merci" });
    expect(back.status).toBe("a_completer");
    expect(mailer.sent[0]!.text).toContain("1.2 : Joindre le programme");
    const event = await t.db
      .selectFrom("dossier_events")
      .select("payload")
      .where("dossier_id", "=", a.dossierId)
      .where("kind", "=", "examination.sent_back")
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({
      from: "en_examen",
      to: "a_completer",
      indicators: [{ code: "1.2", reason: "Joindre le programme" }],
    });

    const b = await inExamination();
    await decideIndicator(t.db, alice, {
      dossierId: b.dossierId,
      indicatorId: ref.indicators[0]!.id,
      decision: "non_conforme",
      reason: "Aucune action",
      expectedVersion: null,
    });
    await expect(closeExamination(t.db, alice, { dossierId: b.dossierId, outcome: "close_non_conforme" })).rejects.toMatchObject({
      kind: "validation",
    });
    const closed = await closeExamination(t.db, alice, {
      dossierId: b.dossierId,
      outcome: "close_non_conforme",
      message: "Motifs ci-dessus",
    });
    expect(closed.status).toBe("non_conforme");
    // Every closing outcome emails the OF: here the second mail, with the reasons.
    expect(mailer.sent.map((m) => m.to)).toEqual([a.of.users[0]!.email, b.of.users[0]!.email]);
    expect(mailer.sent[1]!.text).toContain("Aucune action");
    await expect(closeExamination(t.db, ofActor, { dossierId: b.dossierId, outcome: "send_back" })).rejects.toMatchObject({
      kind: "forbidden",
    });
  });

  it("lists the queue with filters, oldest first", async () => {
    const other = await makeOrganisation(t.db, "of", ["of_admin"], { region: "Occitanie" });
    const old = await makeDossier(t.db, other, ref, { submittedDaysAgo: 40 });
    const { rows, total } = await listQueue(t.db, { region: "Occitanie" });
    expect(total).toBe(1);
    expect(rows[0]).toMatchObject({ dossierId: old.id, status: "soumis", waitingDays: 40, examinerId: null });
    const all = await listQueue(t.db, {});
    expect(all.rows[0]!.dossierId).toBe(old.id);
    expect((await listQueue(t.db, { minWaitDays: 30 })).rows.map((r) => r.dossierId)).toEqual([old.id]);
    const mine = await listQueue(t.db, { examiner: alice.userId, status: "en_examen" });
    expect(mine.rows.every((r) => r.examinerId === alice.userId && r.status === "en_examen")).toBe(true);
    expect((await listQueue(t.db, { examiner: "none" })).rows.every((r) => r.examinerId === null)).toBe(true);
  });

  it("only the examiner and the co-examiners they add decide and close; only the examiner manages co-examiners", async () => {
    const o = await makeOrganisation(t.db, "of", ["of_admin"]);
    const d = await makeDossier(t.db, o, ref);
    await takeDossier(t.db, alice, d.id);
    const indicatorId = ref.indicators[0]!.id;
    const decide = (actor: Actor) =>
      decideIndicator(t.db, actor, { dossierId: d.id, indicatorId, decision: "valide", expectedVersion: null });
    const refused = { kind: "forbidden", messageKey: "examination.decision.notExaminer" };
    // Bob (funder B) and alice's own admin are not examiners of this dossier.
    await expect(decide(bob)).rejects.toMatchObject(refused);
    await expect(decide(funderAdmin)).rejects.toMatchObject(refused);
    await expect(closeExamination(t.db, bob, { dossierId: d.id, outcome: "send_back" })).rejects.toMatchObject(refused);
    // Only the examiner adds; bob cannot add himself, nor may an admin.
    await expect(addCoExaminer(t.db, bob, { dossierId: d.id, userId: bob.userId })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(addCoExaminer(t.db, funderAdmin, { dossierId: d.id, userId: bob.userId })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(addCoExaminer(t.db, alice, { dossierId: d.id, userId: ofActor.userId })).rejects.toMatchObject({ kind: "validation" });
    await expect(addCoExaminer(t.db, alice, { dossierId: d.id, userId: alice.userId })).rejects.toMatchObject({ kind: "validation" });
    expect(await t.db.selectFrom("indicator_reviews").select("id").where("dossier_id", "=", d.id).execute()).toEqual([]);

    await addCoExaminer(t.db, alice, { dossierId: d.id, userId: bob.userId });
    await expect(addCoExaminer(t.db, alice, { dossierId: d.id, userId: bob.userId })).rejects.toMatchObject({ kind: "conflict" });
    expect((await listCoExaminers(t.db, d.id)).map((c) => c.userId)).toEqual([bob.userId]);
    expect(await decide(bob)).toMatchObject({ decided_by: bob.userId });
    // A co-examiner does not add others; once removed, bob decides no more.
    await expect(addCoExaminer(t.db, bob, { dossierId: d.id, userId: funderAdmin.userId })).rejects.toMatchObject({ kind: "forbidden" });
    await removeCoExaminer(t.db, alice, { dossierId: d.id, userId: bob.userId });
    await expect(
      decideIndicator(t.db, bob, { dossierId: d.id, indicatorId, decision: "valide", expectedVersion: 1 }),
    ).rejects.toMatchObject(refused);
    // A new examiner (reassignment) starts without the previous examiner's co-examiners.
    await addCoExaminer(t.db, alice, { dossierId: d.id, userId: bob.userId });
    await assignDossier(t.db, funderAdmin, d.id, funderAdmin.userId);
    expect(await listCoExaminers(t.db, d.id)).toEqual([]);
    await expect(decide(alice)).rejects.toMatchObject(refused);
  });

  it("never shows the examination to an OF", async () => {
    const { dossierId } = await inExamination();
    await expect(loadReviewRoom(t.db, ofActor, dossierId)).rejects.toMatchObject({ kind: "forbidden" });
  });
});
