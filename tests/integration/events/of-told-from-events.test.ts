import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { startTestDispatcher } from "../../setup/event-dispatcher";
import { makeDossier, makeOrganisation, makeReferentiel, memoryMailer } from "../../factories/records";
import { createOf, createReferentiel } from "../of-dossiers/fixtures";
import { saveDescription, setNotApplicable } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { takeDossier } from "../../../domain/examination/take";
import { decideIndicator } from "../../../domain/examination/decision";
import { closeExamination } from "../../../domain/examination/close";

/**
 * Submission and closing tell the OF from their recorded events, like every other side effect
 * (decision 030): nothing is written or mailed in the service's transaction, and what a process
 * killed between commit and dispatch left undone is done by the next dispatcher from the outbox.
 */
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.close());

const notificationsOf = (userId: string) =>
  t.db.selectFrom("notifications").select(["kind", "payload"]).where("user_id", "=", userId).execute();

describe("the OF is told of submission and closing by the dispatcher", () => {
  it("a submission committed with no dispatcher running is notified and mailed when one starts", async () => {
    await createReferentiel(t.db);
    const of = await createOf(t.db);
    await saveDescription(t.db, of, "1.1", "Objectifs écrits");
    await addEvidence(t.db, of, "1.1", { kind: "link", url: "https://of.example/objectifs" });
    await saveDescription(t.db, of, "1.2", "Public décrit");
    await addEvidence(t.db, of, "1.2", { kind: "link", url: "https://of.example/public" });
    await setNotApplicable(t.db, of, "2.1", true, "Aucun accueil physique");
    await submitDossier(t.db, of);
    // Committed; the process "died" before dispatching: nothing was written in the transaction.
    expect(await notificationsOf(of.userId)).toEqual([]);

    const mailer = memoryMailer();
    const events = await startTestDispatcher(t.db, { mailer });
    await events.stop();
    expect(await notificationsOf(of.userId)).toEqual([{ kind: "dossier.status_changed", payload: { status: "soumis" } }]);
    expect(mailer.sent.map((m) => [m.to, m.subject])).toEqual([
      [of.actor.email, "Datadock — Votre dossier est passé au statut « Soumis »"],
    ]);
  });

  it("a closing outcome carries its list and message in the event, and the OF is told from it", async () => {
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 2 });
    const funder = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
    const alice = funder.users[0]!.actor;
    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    const d = await makeDossier(t.db, of, ref);
    await takeDossier(t.db, alice, d.id);
    await decideIndicator(t.db, alice, { dossierId: d.id, indicatorId: ref.indicators[0]!.id, decision: "valide", expectedVersion: null });
    const asked = ref.indicators[1]!;
    await decideIndicator(t.db, alice, {
      dossierId: d.id,
      indicatorId: asked.id,
      decision: "a_completer",
      reason: "Joindre le programme",
      expectedVersion: null,
    });
    // What was pending so far (take, reason) is dispatched to a mailer this test does not read.
    const before = await startTestDispatcher(t.db, { mailer: memoryMailer() });
    await before.stop();
    const told = (await notificationsOf(of.users[0]!.id)).length;

    await closeExamination(t.db, alice, { dossierId: d.id, outcome: "send_back", message: "Merci" });
    expect(await notificationsOf(of.users[0]!.id)).toHaveLength(told);
    const event = await t.db
      .selectFrom("domain_events")
      .select("payload")
      .where("type", "=", "dossier.status_changed")
      .where("dispatched_at", "is", null)
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({
      cause: "close",
      to: "a_completer",
      closing: { outcome: "send_back", indicators: [{ code: asked.code, reason: "Joindre le programme" }], message: "Merci" },
    });

    const mailer = memoryMailer();
    const events = await startTestDispatcher(t.db, { mailer });
    await events.stop();
    const notes = await notificationsOf(of.users[0]!.id);
    expect(notes.filter((n) => n.kind.startsWith("examination."))).toEqual([
      {
        kind: "examination.sent_back",
        payload: { dossier_id: d.id, indicators: [{ code: asked.code, reason: "Joindre le programme" }], message: "Merci" },
      },
    ]);
    expect(mailer.sent.map((m) => m.to)).toEqual([of.users[0]!.email]);
    expect(mailer.sent[0]!.text).toContain(`${asked.code} : Joindre le programme`);
  });
});
