import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { editAnswer, makeDossier, makeOrganisation, makeReferentiel, memoryMailer, type MadeReferentiel } from "../../factories/records";
import { takeDossier } from "../../../domain/examination/take";
import { decideIndicator, isReviewConflict } from "../../../domain/examination/decision";
import { addCoExaminer } from "../../../domain/examination/co-examiners";
import { loadReviewRoom } from "../../../domain/examination/review-room.view";
import { loadThreadPanel } from "../../../domain/threads/thread-view.service";
import type { Actor } from "../../../domain/permissions/actor";
import type { StoredDomainEvent } from "../../../domain/events/domain-event";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { startTestDispatcher } from "../../setup/event-dispatcher";
import { notificationHandler } from "../../../server/events/notification-handler";

/**
 * The review room's domain (issue 13, decision record 035): the reason posted in the indicator's thread
 * (seen from the OF's side), and the room's view-model.
 */
describe("review room", () => {
  let t: TestDatabase;
  let ref: MadeReferentiel;
  let alice: Actor;
  let bob: Actor;
  let outsider: Actor;
  let events: EventDispatcher;
  const posted: StoredDomainEvent[] = [];
  const waiters: { accept: (e: StoredDomainEvent) => boolean; resolve: (e: StoredDomainEvent) => void }[] = [];
  /** Resolves with the first dispatched event (already or later) that `accept` takes. */
  const dispatched = (accept: (e: StoredDomainEvent) => boolean) =>
    new Promise<StoredDomainEvent>((resolve) => {
      const seen = posted.find(accept);
      if (seen) return resolve(seen);
      waiters.push({ accept, resolve });
    });

  beforeAll(async () => {
    t = await createTestDatabase();
    const mailer = memoryMailer();
    events = await startTestDispatcher(t.db, {
      mailer,
      handlers: [
        // The OF's notifications first: once the collector sees an event, they are written.
        notificationHandler({ db: t.db, mailer, publicUrl: "http://localhost" }),
        {
          name: "test-collector",
          async handle(event) {
            posted.push(event);
            for (const w of waiters.splice(0)) {
              if (w.accept(event)) w.resolve(event);
              else waiters.push(w);
            }
          },
        },
      ],
    });
    ref = await makeReferentiel(t.db, { criteria: 2, perCriterion: 2 });
    const funderA = await makeOrganisation(t.db, "funder", ["funder_reviewer", "funder_reviewer"]);
    const funderB = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
    alice = funderA.users[0]!.actor;
    outsider = funderA.users[1]!.actor;
    bob = funderB.users[0]!.actor;
  });
  afterAll(async () => {
    await events?.stop();
    await t?.close();
  });

  async function inExamination() {
    const of = await makeOrganisation(t.db, "of", ["of_admin", "of_member"]);
    const d = await makeDossier(t.db, of, ref);
    await takeDossier(t.db, alice, d.id);
    await addCoExaminer(t.db, alice, { dossierId: d.id, userId: bob.userId });
    return { of, dossierId: d.id, ofActor: of.users[1]!.actor };
  }

  it("posts the reason of « à compléter » as the first message of the thread the OF reads, once", async () => {
    const { dossierId, ofActor } = await inExamination();
    const indicator = ref.indicators[0]!;
    const before = await loadThreadPanel(t.db, ofActor, dossierId, indicator.code);
    expect(before.messages).toEqual([]);

    const reason = "Joindre le programme détaillé de la formation.";
    const review = await decideIndicator(t.db, bob, {
      dossierId,
      indicatorId: indicator.id,
      decision: "a_completer",
      reason,
      expectedVersion: null,
    });

    // The OF (a plain member) opens the indicator's thread: the reason is there, authored by the reviewer.
    const panel = await loadThreadPanel(t.db, ofActor, dossierId, indicator.code);
    expect(panel.messages).toHaveLength(1);
    expect(panel.messages[0]).toMatchObject({ body: reason, authorId: bob.userId, fromOf: false });
    // The live fan-out gets it from the domain event, after the commit.
    const event = await dispatched((e) => e.type === "thread.message_posted" && e.payload.dossierId === dossierId);
    expect(event.payload).toMatchObject({ body: reason, indicatorCode: indicator.code, authorId: bob.userId, fromOf: false });
    // The OF is told of the reason once (indicator.reason), not a second time as a plain message.
    await dispatched((e) => e.type === "indicator.decided" && e.payload.dossierId === dossierId);
    const told = await t.db.selectFrom("notifications").select("kind").where("user_id", "=", ofActor.userId).execute();
    expect(told.map((n) => n.kind).filter((kind) => kind !== "dossier.status_changed")).toEqual(["indicator.reason"]);

    // Saved again unchanged: no second message; a new reason continues the thread.
    await decideIndicator(t.db, bob, {
      dossierId,
      indicatorId: indicator.id,
      decision: "a_completer",
      reason,
      expectedVersion: review.version,
    });
    expect((await loadThreadPanel(t.db, ofActor, dossierId, indicator.code)).messages).toHaveLength(1);
    await decideIndicator(t.db, alice, {
      dossierId,
      indicatorId: indicator.id,
      decision: "non_conforme",
      reason: "Le programme joint ne couvre pas l'indicateur.",
      expectedVersion: review.version + 1,
    });
    const after = await loadThreadPanel(t.db, ofActor, dossierId, indicator.code);
    expect(after.messages.map((m) => m.body)).toEqual([reason, "Le programme joint ne couvre pas l'indicateur."]);
  });

  it("posts nothing when the decision is refused (conflict, not a decider) or is « validé »", async () => {
    const { dossierId, ofActor } = await inExamination();
    const indicator = ref.indicators[1]!;
    await decideIndicator(t.db, alice, { dossierId, indicatorId: indicator.id, decision: "valide", expectedVersion: null });
    const conflicting = await decideIndicator(t.db, bob, {
      dossierId,
      indicatorId: indicator.id,
      decision: "a_completer",
      reason: "Motif perdu",
      expectedVersion: null,
    }).catch((e: unknown) => e);
    expect(isReviewConflict(conflicting)).toBe(true);
    await expect(
      decideIndicator(t.db, outsider, {
        dossierId,
        indicatorId: indicator.id,
        decision: "a_completer",
        reason: "Motif refusé",
        expectedVersion: 1,
      }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    expect((await loadThreadPanel(t.db, ofActor, dossierId, indicator.code)).messages).toEqual([]);
  });

  it("builds the room: rail states, progress, and the selected indicator's details", async () => {
    const { of, dossierId } = await inExamination();
    const [i11, i12, i21, i22] = ref.indicators as [
      (typeof ref.indicators)[0],
      (typeof ref.indicators)[0],
      (typeof ref.indicators)[0],
      (typeof ref.indicators)[0],
    ];
    // 1.1 validé; 1.2 à compléter then revised by the OF (modifié); 2.1 changed before the last submission; 2.2 untouched.
    await decideIndicator(t.db, alice, { dossierId, indicatorId: i11.id, decision: "valide", expectedVersion: null });
    await decideIndicator(t.db, alice, {
      dossierId,
      indicatorId: i12.id,
      decision: "a_completer",
      reason: "Preuve manquante",
      expectedVersion: null,
    });
    await editAnswer(t.db, dossierId, i12.id);
    await t.db
      .updateTable("indicator_answers")
      .set({
        changed_at_last_submission: true,
        description: '<p>Notre <strong>programme</strong></p><script>alert(1)</script><img src=x onerror="alert(1)">',
      })
      .where("dossier_id", "=", dossierId)
      .where("indicator_id", "=", i21.id)
      .execute();
    // Evidence of 2.1: a PDF, an image, a link; a corrective action overdue and one done.
    const answer = await t.db
      .selectFrom("indicator_answers")
      .select("id")
      .where("dossier_id", "=", dossierId)
      .where("indicator_id", "=", i21.id)
      .executeTakeFirstOrThrow();
    const file = (name: string, type: string) =>
      t.db
        .insertInto("files")
        .values({
          organisation_id: of.id,
          file_name: name,
          content_type: type,
          size_bytes: 1234,
          sha256: name.padEnd(64, "0").slice(0, 64),
          storage_key: `k-${name}-${dossierId}`,
          store: "disk",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    const pdf = await file("programme.pdf", "application/pdf");
    const png = await file("salle.png", "image/png");
    await t.db
      .insertInto("evidence")
      .values([
        { answer_id: answer.id, kind: "file", file_id: pdf.id, label: "Programme" },
        { answer_id: answer.id, kind: "file", file_id: png.id, label: "Salle" },
        { answer_id: answer.id, kind: "link", url: "https://example.org/catalogue", label: "Catalogue" },
      ])
      .execute();
    await t.db
      .insertInto("corrective_actions")
      .values([
        { dossier_id: dossierId, indicator_id: i21.id, what: "Mettre à jour le programme", who: "Direction", due_on: "2020-01-31" },
        { dossier_id: dossierId, indicator_id: i21.id, what: "Former l'équipe", who: "RH", due_on: "2020-01-31", status: "fait" },
      ])
      .execute();

    const room = await loadReviewRoom(t.db, alice, dossierId);
    const states = Object.fromEntries(room.rail.flatMap((c) => c.indicators.map((i) => [i.code, i.state])));
    expect(states).toEqual({ [i11.code]: "valide", [i12.code]: "modifie", [i21.code]: "modifie", [i22.code]: "a_examiner" });
    expect(room.rail.map((c) => c.number)).toEqual([1, 2]);
    expect(room.progress).toEqual({
      total: 4,
      decided: 1,
      byState: { a_examiner: 1, valide: 1, a_completer: 0, non_conforme: 0, modifie: 2 },
    });
    expect(room.mayDecide).toBe(true);
    // First to examine is selected by default (1.2, modified since its decision).
    expect(room.selected?.code).toBe(i12.code);
    expect(room.selected?.decision).toMatchObject({ decision: "a_completer", version: 1, stale: true, reason: "Preuve manquante" });
    expect(room.selected?.threadId).toEqual(expect.any(String));

    const selected = (await loadReviewRoom(t.db, alice, dossierId, i21.code)).selected!;
    expect(selected.title).toBe(`Indicateur ${i21.code}`);
    expect(selected.descriptionHtml).toContain("<strong>programme</strong>");
    expect(selected.descriptionHtml).not.toMatch(/script|onerror/);
    expect(selected.evidence.map((e) => [e.kind, e.label, e.mimeType])).toEqual([
      ["pdf", "Programme", "application/pdf"],
      ["image", "Salle", "image/png"],
      ["link", "Catalogue", null],
    ]);
    expect(selected.evidence[0]).toMatchObject({ fileId: pdf.id, fileName: "programme.pdf", sizeBytes: 1234 });
    expect(selected.correctiveActions.map((a) => [a.what, a.status, a.overdue])).toEqual([
      ["Mettre à jour le programme", "a_faire", true],
      ["Former l'équipe", "fait", false],
    ]);
    expect(selected.decision).toBeNull();
    expect(selected.threadId).toBeNull();
    expect(selected.circuitCourt).toMatchObject({ certificate: null, exemptionApplies: false });
    expect([selected.previousCode, selected.nextCode]).toEqual([i12.code, i22.code]);

    // A funder who is not an examiner sees the room but may not decide; the OF never.
    expect((await loadReviewRoom(t.db, outsider, dossierId)).mayDecide).toBe(false);
    await expect(loadReviewRoom(t.db, of.users[0]!.actor, dossierId)).rejects.toMatchObject({ kind: "forbidden" });
  });

  it("shows a circuit-court certificate and whether the exemption applies", async () => {
    const { of, dossierId } = await inExamination();
    const exempt = ref.indicators[3]!;
    const notExempt = ref.indicators[0]!;
    await t.db.updateTable("indicators").set({ circuit_court_exempts_proof: true }).where("id", "=", exempt.id).execute();
    await t.db.updateTable("indicators").set({ circuit_court_exempts_proof: false }).where("id", "=", notExempt.id).execute();
    try {
      const label = await t.db
        .insertInto("cnefop_labels")
        .values({ name: `Label CNEFOP ${dossierId.slice(0, 6)}` })
        .returning("id")
        .executeTakeFirstOrThrow();
      const certFile = await t.db
        .insertInto("files")
        .values({
          organisation_id: of.id,
          file_name: "certificat.pdf",
          content_type: "application/pdf",
          size_bytes: 99,
          sha256: "c".repeat(64),
          storage_key: `cert-${dossierId}`,
          store: "disk",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto("circuit_court_certificates")
        .values({ organisation_id: of.id, label_id: label.id, file_id: certFile.id, valid_from: "2020-01-01", valid_to: "2999-12-31" })
        .execute();
      const room = await loadReviewRoom(t.db, alice, dossierId, exempt.code);
      expect(room.selected?.circuitCourt).toEqual({
        certificate: {
          id: expect.any(String),
          labelName: `Label CNEFOP ${dossierId.slice(0, 6)}`,
          fileId: certFile.id,
          fileName: "certificat.pdf",
          validFrom: "2020-01-01",
          validTo: "2999-12-31",
          valid: true,
          // Not checked yet: it exempts at submission, and must be checked before datadockage (decision record 037).
          reviewStatus: "pending",
          reviewReason: null,
        },
        exemptionApplies: true,
        indicatorExemptable: true,
      });
      const other = await loadReviewRoom(t.db, alice, dossierId, notExempt.code);
      expect(other.selected?.circuitCourt).toMatchObject({ exemptionApplies: false, indicatorExemptable: false });
      expect(other.selected?.circuitCourt.certificate?.valid).toBe(true);
    } finally {
      await t.db
        .updateTable("indicators")
        .set({ circuit_court_exempts_proof: true })
        .where("id", "in", [exempt.id, notExempt.id])
        .execute();
    }
  });
});
