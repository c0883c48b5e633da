import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { startTestDispatcher } from "../../setup/event-dispatcher";
import { memoryMailer } from "../../factories/records";
import { createOf, createOrganisationWithUser, createReferentiel } from "./fixtures";
import type { Actor } from "../../../domain/permissions/actor";
import type { OfScope } from "../../../domain/dossiers/of-scope";
import { saveDescription } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import { addCorrectiveAction } from "../../../domain/dossiers/corrective-actions.service";
import { DELISTING_WAIT_DAYS, reopenDossier, reopenState } from "../../../domain/dossiers/reopen.service";
import { takeDossier } from "../../../domain/examination/take";
import { decideIndicator } from "../../../domain/examination/decision";
import { closeExamination } from "../../../domain/examination/close";
import { listPreviousRoundDecisions } from "../../../domain/examination/previous-round.queries";
import { loadReviewRoom } from "../../../domain/examination/review-room.view";
import { ofIndicatorDetail } from "../../../domain/dossiers/indicator-detail";
import { dereference } from "../../../domain/controls/controls.service";
import { listNotifications } from "../../../domain/notifications/notifications.service";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { rejection } from "../../setup/domain-rejection";

/**
 * The way back (issue 14.2, decision record 037): a dossier closed non conforme, or an OF de-listed,
 * starts a new round through the services, on the conditions chosen; funders see the previous
 * round's decisions and reasons beside the new answers, and those who examined it are told.
 */
let t: TestDatabase;
let events: EventDispatcher;
let versionId: string;
let examiner: Actor;
let funderAdmin: Actor;
let coordinator: Actor;
const mailer = memoryMailer();

beforeAll(async () => {
  t = await createTestDatabase();
  versionId = (await createReferentiel(t.db)).versionId;
  examiner = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Financeur examinateur")).actor;
  funderAdmin = (await createOrganisationWithUser(t.db, "funder", "funder_admin", "Financeur admin")).actor;
  coordinator = (await createOrganisationWithUser(t.db, "coordination", "coordinator", "Coordination")).actor;
  events = await startTestDispatcher(t.db, { mailer });
});
afterAll(async () => {
  await events?.stop();
  await t?.close();
});

async function indicatorId(code: string) {
  return (
    await t.db.selectFrom("indicators").select("id").where("version_id", "=", versionId).where("code", "=", code).executeTakeFirstOrThrow()
  ).id;
}

/** An OF whose dossier the examiner closed non conforme: 1.1 validé, 1.2 non conforme, 2.1 à compléter. */
async function nonConformeOf(name: string): Promise<{ of: OfScope & { userId: string }; dossierId: string }> {
  const of = await createOf(t.db, name);
  for (const code of ["1.1", "1.2", "2.1"]) {
    await saveDescription(t.db, of, code, `<p>Réponse ${code}</p>`);
    await addEvidence(t.db, of, code, { kind: "link", url: `https://of.example/${code}` });
  }
  await submitDossier(t.db, of);
  const dossierId = (await findOfDossier(t.db, of.organisationId))!.id;
  await takeDossier(t.db, examiner, dossierId);
  await decideIndicator(t.db, examiner, { dossierId, indicatorId: await indicatorId("1.1"), decision: "valide", expectedVersion: null });
  await decideIndicator(t.db, examiner, {
    dossierId,
    indicatorId: await indicatorId("1.2"),
    decision: "non_conforme",
    reason: "Le public visé n'est pas décrit.",
    expectedVersion: null,
  });
  await decideIndicator(t.db, examiner, {
    dossierId,
    indicatorId: await indicatorId("2.1"),
    decision: "a_completer",
    reason: "Précisez l'accueil des personnes handicapées.",
    expectedVersion: null,
  });
  await closeExamination(t.db, examiner, { dossierId, outcome: "close_non_conforme", message: "Dossier non conforme." });
  return { of, dossierId };
}

describe("the way back after non conforme", () => {
  it("refuses to reopen until every reason has a corrective action, naming the indicators left", async () => {
    const { of, dossierId } = await nonConformeOf("OF refusé puis revenu");
    const error = await rejection(reopenDossier(t.db, of.actor, dossierId));
    expect(error.kind).toBe("validation");
    expect(error.messageKey).toBe("dossier.reopen.reasonsUnanswered");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["1.2", "2.1"]);
    // The OF's page offers the corrective actions that answer the reasons (read-only answers otherwise).
    expect(await ofIndicatorDetail(t.db, of, "1.2")).toMatchObject({ editable: false, correctiveEditable: true });

    await addCorrectiveAction(t.db, of, "1.2", { what: "Décrire le public visé", who: "Direction", dueOn: "2027-01-31" });
    const dossier = (await findOfDossier(t.db, of.organisationId))!;
    expect(await reopenState(t.db, dossier)).toMatchObject({ possible: false, unansweredCodes: ["2.1"] });
    await addCorrectiveAction(t.db, of, "2.1", { what: "Rédiger la procédure d'accueil", who: "Référent handicap", dueOn: "2027-01-31" });
    expect((await reopenState(t.db, dossier)).possible).toBe(true);
  });

  it("starts a new round prefilled with the last answers; funders see the previous decisions and are told", async () => {
    const { of, dossierId } = await nonConformeOf("OF de retour");
    const before = await t.db
      .selectFrom("indicator_answers")
      .select(["indicator_id", "description"])
      .where("dossier_id", "=", dossierId)
      .execute();
    await addCorrectiveAction(t.db, of, "1.2", { what: "Décrire le public", who: "Direction", dueOn: "2027-01-31" });
    await addCorrectiveAction(t.db, of, "2.1", { what: "Procédure d'accueil", who: "Référent", dueOn: "2027-01-31" });

    // Only the OF's admin (or the coordination): another OF's admin does not even find the dossier.
    const stranger = await createOf(t.db, "Autre OF");
    expect((await rejection(reopenDossier(t.db, stranger.actor, dossierId))).kind).toBe("not_found");
    expect((await rejection(reopenDossier(t.db, examiner, dossierId))).kind).toBe("not_found");

    const reopened = await reopenDossier(t.db, of.actor, dossierId);
    expect(reopened).toMatchObject({ status: "a_completer", round: 2, examiner_id: null });
    const after = await t.db
      .selectFrom("indicator_answers")
      .select(["indicator_id", "description"])
      .where("dossier_id", "=", dossierId)
      .execute();
    expect(after).toEqual(expect.arrayContaining(before));
    expect(await t.db.selectFrom("indicator_reviews").select("id").where("dossier_id", "=", dossierId).execute()).toEqual([]);

    // Funders see the previous round's decision and reason per indicator.
    const previous = await listPreviousRoundDecisions(t.db, dossierId);
    expect(previous.map((p) => [p.code, p.decision, p.reason])).toEqual([
      ["1.1", "valide", null],
      ["1.2", "non_conforme", "Le public visé n'est pas décrit."],
      ["2.1", "a_completer", "Précisez l'accueil des personnes handicapées."],
    ]);

    // The examiner who examined it hears it is back; the OF sees its new status.
    const told = await listNotifications(t.db, examiner.userId);
    expect(told.filter((n) => n.kind === "dossier.reopened" && n.payload.dossierId === dossierId)).toHaveLength(1);
    expect((await listNotifications(t.db, of.userId)).find((n) => n.kind === "dossier.status_changed")?.payload).toEqual({
      status: "a_completer",
    });
    expect(mailer.sent.some((m) => m.subject.includes("OF de retour") && m.subject.includes("examen n° 2"))).toBe(true);

    // A new submission: the whole dossier goes back to the queue, decisions of round 2 start afresh.
    await saveDescription(t.db, of, "1.2", "<p>Public visé : demandeurs d'emploi</p>");
    const submitted = await submitDossier(t.db, of);
    expect(submitted).toMatchObject({ status: "soumis", resubmission: true, changedCodes: ["1.2"] });
    await takeDossier(t.db, funderAdmin, dossierId);
    await decideIndicator(t.db, funderAdmin, {
      dossierId,
      indicatorId: await indicatorId("1.2"),
      decision: "valide",
      expectedVersion: null,
    });
    // The previous round stays what it was: round 2's decisions do not replace it.
    expect((await listPreviousRoundDecisions(t.db, dossierId)).find((p) => p.code === "1.2")?.decision).toBe("non_conforme");
    // The review room shows it beside the new answer and the current decision.
    const room = await loadReviewRoom(t.db, funderAdmin, dossierId, "1.2");
    expect(room.dossier.round).toBe(2);
    expect(room.selected).toMatchObject({
      descriptionHtml: expect.stringContaining("Public visé : demandeurs"),
      decision: { decision: "valide" },
      previousRound: { decision: "non_conforme", reason: "Le public visé n'est pas décrit." },
    });
    // Reopening is for closed dossiers only.
    expect((await rejection(reopenDossier(t.db, coordinator, dossierId))).messageKey).toBe("dossier.transition.invalid");
  });
});

describe("the way back after a de-listing", () => {
  it("lets the OF back after the waiting period, the coordination at any time", async () => {
    const { of, dossierId } = await nonConformeOf("OF déréférencé");
    // Through a control: back to datadocké is not needed, a de-listing from non conforme is refused by the machine,
    // so the examiner re-examines it: reopen by the coordination, submit, take, de-list during examination.
    await reopenDossier(t.db, coordinator, dossierId);
    await submitDossier(t.db, of);
    await takeDossier(t.db, examiner, dossierId);
    await dereference(t.db, funderAdmin, { dossierId, reason: "Fausse déclaration constatée lors du contrôle." });

    const error = await rejection(reopenDossier(t.db, of.actor, dossierId));
    expect(error.kind).toBe("conflict");
    expect(error.messageKey).toBe("dossier.reopen.tooEarly");
    const later = new Date(Date.now() + (DELISTING_WAIT_DAYS + 1) * 86_400_000);
    const reopened = await reopenDossier(t.db, of.actor, dossierId, later);
    expect(reopened).toMatchObject({ status: "a_completer", round: 3 });
    const rounds = await t.db
      .selectFrom("dossier_rounds")
      .select(["round", "from_status"])
      .where("dossier_id", "=", dossierId)
      .orderBy("round")
      .execute();
    expect(rounds).toEqual([
      { round: 2, from_status: "non_conforme" },
      { round: 3, from_status: "dereference" },
    ]);
  });
});
