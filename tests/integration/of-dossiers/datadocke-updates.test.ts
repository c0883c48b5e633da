import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { startTestDispatcher } from "../../setup/event-dispatcher";
import { memoryMailer } from "../../factories/records";
import { createOf, createOrganisationWithUser, createReferentiel, fakeFile } from "./fixtures";
import type { Actor } from "../../../domain/permissions/actor";
import { ofScopeOf, type OfScope } from "../../../domain/dossiers/of-scope";
import { saveDescription, setNotApplicable } from "../../../domain/dossiers/answers.service";
import { addEvidence, removeEvidence, replaceEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import { ofIndicatorDetail } from "../../../domain/dossiers/indicator-detail";
import { listTimeline } from "../../../domain/dossiers/timeline";
import { takeDossier } from "../../../domain/examination/take";
import { decideIndicator } from "../../../domain/examination/decision";
import { closeExamination } from "../../../domain/examination/close";
import { addCoExaminer } from "../../../domain/examination/co-examiners";
import { loadReviewRoom } from "../../../domain/examination/review-room.view";
import { listQueue } from "../../../domain/examination/queue";
import { decideRevision } from "../../../domain/examination/revision-decision";
import { listNotifications } from "../../../domain/notifications/notifications.service";
import { isDomainError, type DomainError } from "../../../domain/errors";
import type { EventDispatcher } from "../../../server/events/dispatcher";

/** Updates of a datadocké dossier (issue 14.1, decision record 038), through the services. */
let t: TestDatabase;
let events: EventDispatcher;
let versionId: string;
let examiner: Actor;
let coExaminer: Actor;
let otherFunder: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  versionId = (await createReferentiel(t.db)).versionId;
  const funder = await createOrganisationWithUser(t.db, "funder", "funder_admin", "Financeur A");
  examiner = funder.actor;
  coExaminer = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Financeur C")).actor;
  otherFunder = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Financeur B")).actor;
  events = await startTestDispatcher(t.db, { mailer: memoryMailer() });
});
afterAll(async () => {
  await events?.stop();
  await t?.close();
});

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

async function datadockedOf(name: string): Promise<{ of: OfScope & { userId: string }; dossierId: string }> {
  const of = await createOf(t.db, name);
  for (const code of ["1.1", "1.2", "2.1"]) {
    await saveDescription(t.db, of, code, `<p>Réponse ${code}</p>`);
    await addEvidence(t.db, of, code, { kind: "link", url: `https://of.example/${code}` });
  }
  await submitDossier(t.db, of);
  const dossierId = (await findOfDossier(t.db, of.organisationId))!.id;
  await takeDossier(t.db, examiner, dossierId);
  await addCoExaminer(t.db, examiner, { dossierId, userId: coExaminer.userId });
  const indicators = await t.db.selectFrom("indicators").select("id").where("version_id", "=", versionId).execute();
  for (const indicator of indicators) {
    await decideIndicator(t.db, examiner, { dossierId, indicatorId: indicator.id, decision: "valide", expectedVersion: null });
  }
  await closeExamination(t.db, examiner, { dossierId, outcome: "declare_datadocke" });
  return { of, dossierId };
}

const statusOf = async (dossierId: string) =>
  (await t.db.selectFrom("dossiers").select("status").where("id", "=", dossierId).executeTakeFirstOrThrow()).status;

async function answerOf(dossierId: string, code: string) {
  return t.db
    .selectFrom("indicator_answers")
    .innerJoin("indicators", "indicators.id", "indicator_answers.indicator_id")
    .select(["indicator_answers.id", "indicator_answers.description", "indicator_answers.version"])
    .where("indicator_answers.dossier_id", "=", dossierId)
    .where("indicators.code", "=", code)
    .executeTakeFirstOrThrow();
}

async function liveEvidence(answerId: string) {
  const rows = await t.db
    .selectFrom("evidence")
    .select(["label", "url"])
    .where("answer_id", "=", answerId)
    .where("replaced_by", "is", null)
    .where("removed_at", "is", null)
    .orderBy("created_at")
    .execute();
  return rows.map((r) => r.url ?? r.label);
}

describe("a datadocké OF keeps its dossier up to date", () => {
  it("keeps edits as pending revisions, stays datadocké, flags them for funders, and the examiner validates or sends back", async () => {
    const { of, dossierId } = await datadockedOf("OF à jour");
    const evidence11 = await t.db
      .selectFrom("evidence")
      .innerJoin("indicator_answers", "indicator_answers.id", "evidence.answer_id")
      .innerJoin("indicators", "indicators.id", "indicator_answers.indicator_id")
      .select("evidence.id")
      .where("indicator_answers.dossier_id", "=", dossierId)
      .where("indicators.code", "=", "1.1")
      .executeTakeFirstOrThrow();

    // The OF changes 1.1 (text, evidence replaced, evidence added) and 1.2 (text): the dossier stays datadocké.
    await saveDescription(t.db, of, "1.1", "<p>Objectifs mis à jour</p>");
    await replaceEvidence(t.db, of, "1.1", evidence11.id, { kind: "link", url: "https://of.example/nouveau-1.1" });
    const added = await addEvidence(t.db, of, "1.1", { kind: "file", fileId: await fakeFile(t.db, of.organisationId, "plan.pdf") });
    await saveDescription(t.db, of, "1.2", "<p>Public élargi</p>");
    expect(await statusOf(dossierId)).toBe("datadocke");

    // The accepted answers are unchanged until a decision.
    const before11 = await answerOf(dossierId, "1.1");
    expect(before11.description).toBe("<p>Réponse 1.1</p>");
    expect(await liveEvidence(before11.id)).toEqual(["https://of.example/1.1"]);

    // The OF's page shows the update; the added item can be withdrawn again (it was never accepted).
    const page = await ofIndicatorDetail(t.db, of, "1.1");
    expect(page.editable).toBe(true);
    expect(page.answer.description).toBe("<p>Objectifs mis à jour</p>");
    expect(page.revision?.pending).not.toBeNull();
    expect(page.evidence.filter((e) => e.change).map((e) => [e.change, e.label])).toEqual([
      ["replaced", "https://of.example/nouveau-1.1"],
      ["added", "plan.pdf"],
    ]);
    await removeEvidence(t.db, of, "1.1", added.id);
    await addEvidence(t.db, of, "1.1", { kind: "link", url: "https://of.example/annexe" });

    // Funders see the dossier in the queue, flagged with its two updates.
    const queue = await listQueue(t.db);
    expect(queue.rows.find((r) => r.dossierId === dossierId)).toMatchObject({ status: "datadocke", pendingUpdates: 2 });

    // The review room shows before and after, and what changed in the evidence.
    const room = await loadReviewRoom(t.db, examiner, dossierId);
    expect(room.selected?.code).toBe("1.1");
    expect(
      room.rail
        .flatMap((c) => c.indicators)
        .filter((i) => i.updatePending)
        .map((i) => i.code),
    ).toEqual(["1.1", "1.2"]);
    expect(room.mayDecideUpdates).toBe(true);
    const revision = room.selected!.revision!;
    expect(revision.before.descriptionHtml).toContain("Réponse 1.1");
    expect(revision.after.descriptionHtml).toContain("Objectifs mis à jour");
    expect(revision.descriptionChanged).toBe(true);
    expect(revision.evidenceAfter.map((e) => [e.change, e.label, e.replacesLabel])).toEqual([
      ["replaced", "https://of.example/nouveau-1.1", "https://of.example/1.1"],
      ["added", "https://of.example/annexe", null],
    ]);

    // Only the examiner and co-examiners decide; the OF and another funder cannot.
    const decide = { dossierId, revisionId: revision.id, outcome: "validated" as const, expectedVersion: revision.version };
    expect((await rejection(decideRevision(t.db, otherFunder, decide))).kind).toBe("forbidden");
    expect((await rejection(decideRevision(t.db, of.actor, decide))).kind).toBe("forbidden");
    // A decision on an older version of the update is refused.
    expect((await rejection(decideRevision(t.db, examiner, { ...decide, expectedVersion: revision.version - 1 }))).messageKey).toBe(
      "revision.decision.changed",
    );
    await decideRevision(t.db, coExaminer, decide);

    // Validated: the revision is the accepted answer, its evidence applied; the old item kept as replaced.
    const after11 = await answerOf(dossierId, "1.1");
    expect(after11.description).toBe("<p>Objectifs mis à jour</p>");
    expect(after11.version).toBeGreaterThan(before11.version);
    expect(await liveEvidence(after11.id)).toEqual(["https://of.example/nouveau-1.1", "https://of.example/annexe"]);
    const replaced = await t.db.selectFrom("evidence").select("replaced_by").where("id", "=", evidence11.id).executeTakeFirstOrThrow();
    expect(replaced.replaced_by).not.toBeNull();
    const review = await loadReviewRoom(t.db, examiner, dossierId, "1.1");
    expect(review.selected?.state).toBe("valide");
    expect(review.selected?.revision).toBeNull();

    // Sent back: a reason is required; the accepted answer stays; the reason opens the indicator's thread.
    const room12 = await loadReviewRoom(t.db, examiner, dossierId, "1.2");
    const revision12 = room12.selected!.revision!;
    const sendBack = { dossierId, revisionId: revision12.id, outcome: "sent_back" as const, expectedVersion: revision12.version };
    expect((await rejection(decideRevision(t.db, examiner, sendBack))).kind).toBe("validation");
    await decideRevision(t.db, examiner, { ...sendBack, reason: "Le public doit rester celui de la certification" });
    expect((await answerOf(dossierId, "1.2")).description).toBe("<p>Réponse 1.2</p>");
    const thread = await t.db
      .selectFrom("messages")
      .innerJoin("threads", "threads.id", "messages.thread_id")
      .innerJoin("indicators", "indicators.id", "threads.indicator_id")
      .select("messages.body")
      .where("threads.dossier_id", "=", dossierId)
      .where("indicators.code", "=", "1.2")
      .execute();
    expect(thread.map((m) => m.body)).toEqual(["Mise à jour renvoyée : Le public doit rester celui de la certification"]);
    expect((await rejection(decideRevision(t.db, examiner, { ...sendBack, reason: "encore" }))).messageKey).toBe(
      "revision.decision.alreadyDecided",
    );

    // The dossier stayed datadocké throughout and left the queue once nothing waits.
    expect(await statusOf(dossierId)).toBe("datadocke");
    expect((await listQueue(t.db)).rows.find((r) => r.dossierId === dossierId)).toBeUndefined();

    // The OF sees the outcome on its page and is told; the examiner was told of each update once.
    const page12 = await ofIndicatorDetail(t.db, of, "1.2");
    expect(page12.answer.description).toBe("<p>Réponse 1.2</p>");
    expect(page12.revision?.last).toMatchObject({ status: "sent_back", reason: "Le public doit rester celui de la certification" });
    const ofTold = (await listNotifications(t.db, of.userId)).map((n) => [n.kind, n.payload.code]);
    expect(ofTold).toEqual(
      expect.arrayContaining([
        ["revision.validated", "1.1"],
        ["revision.sent_back", "1.2"],
      ]),
    );
    const examinerTold = (await listNotifications(t.db, examiner.userId)).filter((n) => n.kind === "revision.pending");
    expect(examinerTold.map((n) => n.payload.code).sort()).toEqual(["1.1", "1.2"]);

    // A new edit after a send-back opens a new revision from the accepted answer; history keeps every version.
    await setNotApplicable(t.db, of, "1.2", true, "Plus de public en présentiel");
    const room12b = await loadReviewRoom(t.db, examiner, dossierId, "1.2");
    expect(room12b.selected?.revision?.before.descriptionHtml).toContain("Réponse 1.2");
    expect(room12b.selected?.revision?.after.notApplicable).toBe(true);
    expect(room12b.selected?.revisionHistory.map((h) => h.status)).toEqual(["pending", "sent_back"]);
    const revisions = await t.db
      .selectFrom("answer_revisions")
      .select(["status", "before_description", "description"])
      .where("dossier_id", "=", dossierId)
      .orderBy("created_at")
      .execute();
    expect(revisions).toEqual([
      { status: "validated", before_description: "<p>Réponse 1.1</p>", description: "<p>Objectifs mis à jour</p>" },
      { status: "sent_back", before_description: "<p>Réponse 1.2</p>", description: "<p>Public élargi</p>" },
      { status: "pending", before_description: "<p>Réponse 1.2</p>", description: "<p>Réponse 1.2</p>" },
    ]);
    const kinds = (await listTimeline(t.db, dossierId)).map((e) => e.kind).filter((k) => k.startsWith("revision."));
    expect(kinds).toEqual(["revision.opened", "revision.sent_back", "revision.validated", "revision.opened", "revision.opened"]);
  });

  it("lets only the OF's own members edit: a funder has no OF scope", () => {
    for (const funder of [examiner, coExaminer, otherFunder]) {
      let kind: string | null = null;
      try {
        ofScopeOf(funder);
      } catch (error) {
        kind = isDomainError(error) ? error.kind : "other";
      }
      expect(kind).toBe("forbidden");
    }
  });

  it("refuses another OF's evidence, and an OF still in draft edits its answers directly", async () => {
    const { of, dossierId } = await datadockedOf("OF prudent");
    const other = await createOf(t.db, "Autre OF");
    const foreign = await fakeFile(t.db, other.organisationId, "autre.pdf");
    expect((await rejection(addEvidence(t.db, of, "1.1", { kind: "file", fileId: foreign }))).kind).toBe("not_found");
    expect((await rejection(removeEvidence(t.db, of, "1.1", "00000000-0000-4000-8000-000000000000"))).kind).toBe("not_found");
    // Nothing was opened by the refused edits.
    const opened = await t.db.selectFrom("answer_revisions").select("id").where("dossier_id", "=", dossierId).execute();
    expect(opened).toEqual([]);
    // An OF still in draft keeps editing its answers directly (no revision).
    await saveDescription(t.db, other, "1.1", "<p>Brouillon</p>");
    const draft = (await findOfDossier(t.db, other.organisationId))!;
    expect(await t.db.selectFrom("answer_revisions").select("id").where("dossier_id", "=", draft.id).execute()).toEqual([]);
  });
});
