import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { startTestDispatcher } from "../../setup/event-dispatcher";
import { memoryMailer } from "../../factories/records";
import { createOf, createOrganisationWithUser, createReferentiel, fakeFile } from "./fixtures";
import type { Actor } from "../../../domain/permissions/actor";
import type { OfScope } from "../../../domain/dossiers/of-scope";
import { saveDescription } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { dossierCompleteness, submitDossier } from "../../../domain/dossiers/submission.service";
import { circuitCourtStatus, findOfDossier } from "../../../domain/dossiers/dossier-access";
import { declareCertificate } from "../../../domain/circuit-court/circuit-court.service";
import { reviewCertificate } from "../../../domain/circuit-court/certificate-review.service";
import { takeDossier } from "../../../domain/examination/take";
import { decideIndicator } from "../../../domain/examination/decision";
import { closeExamination } from "../../../domain/examination/close";
import { loadReviewRoom } from "../../../domain/examination/review-room.view";
import { listNotifications } from "../../../domain/notifications/notifications.service";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { startDailyJobs } from "../../../server/jobs/daily-jobs";
import { rejection } from "../../setup/domain-rejection";

/** Circuit court, checked (issue 14.4, decision record 037): the examiner's check gates datadockage; expiry told by a daily job. */
let t: TestDatabase;
let events: EventDispatcher;
let versionId: string;
let labelId: string;
let examiner: Actor;
let otherFunder: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  versionId = (await createReferentiel(t.db)).versionId;
  labelId = (await t.db.insertInto("cnefop_labels").values({ name: "ISQ-OPQF" }).returning("id").executeTakeFirstOrThrow()).id;
  examiner = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Financeur examinateur")).actor;
  otherFunder = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Autre financeur")).actor;
  events = await startTestDispatcher(t.db, { mailer: memoryMailer() });
});
afterAll(async () => {
  await events?.stop();
  await t?.close();
});

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** A circuit-court OF: certificate declared, exempted indicators described without evidence, submitted, taken, all validé. */
async function circuitCourtOf(
  name: string,
  validTo = day(700),
): Promise<{ of: OfScope & { userId: string }; dossierId: string; certificateId: string }> {
  const of = await createOf(t.db, name);
  const certificateId = await declareCertificate(t.db, of, {
    labelId,
    fileId: await fakeFile(t.db, of.organisationId, "certificat.pdf"),
    validFrom: day(-300),
    validTo,
  });
  await saveDescription(t.db, of, "1.1", "<p>Objectifs</p>");
  await saveDescription(t.db, of, "1.2", "<p>Public</p>");
  await addEvidence(t.db, of, "1.2", { kind: "link", url: "https://of.example/public" });
  await saveDescription(t.db, of, "2.1", "<p>Accueil</p>");
  // Pending: the OF may submit on its declared certificate.
  await submitDossier(t.db, of);
  const dossierId = (await findOfDossier(t.db, of.organisationId))!.id;
  await takeDossier(t.db, examiner, dossierId);
  const indicators = await t.db.selectFrom("indicators").select("id").where("version_id", "=", versionId).execute();
  for (const indicator of indicators) {
    await decideIndicator(t.db, examiner, { dossierId, indicatorId: indicator.id, decision: "valide", expectedVersion: null });
  }
  return { of, dossierId, certificateId };
}

describe("the examiner checks the certificate", () => {
  it("blocks datadockage while unchecked, then validates it", async () => {
    const { of, dossierId, certificateId } = await circuitCourtOf("OF certifié");
    const room = await loadReviewRoom(t.db, examiner, dossierId, "1.1");
    expect(room.selected?.circuitCourt.certificate).toMatchObject({
      id: certificateId,
      labelName: "ISQ-OPQF",
      reviewStatus: "pending",
      valid: true,
    });
    const blocked = await rejection(closeExamination(t.db, examiner, { dossierId, outcome: "declare_datadocke" }));
    expect(blocked.messageKey).toBe("circuitCourt.review.pendingBlocksDatadocke");

    expect((await rejection(reviewCertificate(t.db, otherFunder, { dossierId, certificateId, outcome: "validated" }))).kind).toBe(
      "forbidden",
    );
    expect((await rejection(reviewCertificate(t.db, of.actor, { dossierId, certificateId, outcome: "validated" }))).kind).toBe("forbidden");
    await reviewCertificate(t.db, examiner, { dossierId, certificateId, outcome: "validated" });
    expect((await circuitCourtStatus(t.db, of.organisationId)).validated).toBe(true);
    const closed = await closeExamination(t.db, examiner, { dossierId, outcome: "declare_datadocke" });
    expect(closed.status).toBe("datadocke");
    expect((await listNotifications(t.db, of.userId)).map((n) => n.kind)).toContain("circuit_court.validated");
  });

  it("refuses it with a reason posted as the thread's first message: evidence is required again", async () => {
    const { of, dossierId, certificateId } = await circuitCourtOf("OF au certificat refusé");
    const noReason = await rejection(reviewCertificate(t.db, examiner, { dossierId, certificateId, outcome: "refused", reason: "  " }));
    expect(noReason.fieldErrors).toEqual({ reason: ["circuitCourt.review.reasonRequired"] });
    await reviewCertificate(t.db, examiner, {
      dossierId,
      certificateId,
      outcome: "refused",
      reason: "Le certificat a été retiré par l'organisme certificateur.",
    });

    const messages = await t.db
      .selectFrom("messages")
      .innerJoin("threads", "threads.id", "messages.thread_id")
      .innerJoin("indicators", "indicators.id", "threads.indicator_id")
      .select(["indicators.code", "messages.body", "messages.author_id"])
      .where("threads.dossier_id", "=", dossierId)
      .execute();
    expect(messages).toEqual([
      {
        code: "1.1",
        body: "Certification du circuit court refusée (ISQ-OPQF) : Le certificat a été retiré par l'organisme certificateur.",
        author_id: examiner.userId,
      },
    ]);
    const status = await circuitCourtStatus(t.db, of.organisationId);
    expect(status).toMatchObject({ active: false, validated: false, latest: { reviewStatus: "refused" } });
    const dossier = (await findOfDossier(t.db, of.organisationId))!;
    const { report } = await dossierCompleteness(t.db, dossier.id, dossier.referentiel_version_id, of.organisationId);
    expect(report.missing.map((m) => [m.code, m.missing])).toEqual([
      ["1.1", ["evidence"]],
      ["2.1", ["evidence"]],
    ]);
    const told = (await listNotifications(t.db, of.userId)).find((n) => n.kind === "circuit_court.refused");
    expect(told?.payload.reason).toBe("Le certificat a été retiré par l'organisme certificateur.");
  });
});

describe("the daily expiry check", () => {
  it("tells the OF 60 days before, then the OF and the funders once expired, once across instances", async () => {
    const { of, dossierId, certificateId } = await circuitCourtOf("OF bientôt expiré", day(30));
    await reviewCertificate(t.db, examiner, { dossierId, certificateId, outcome: "validated" });
    const logger = pino({ level: "silent" });
    const instanceA = startDailyJobs(t.db, logger, { timer: false });
    const instanceB = startDailyJobs(t.db, logger, { timer: false });

    const today = day(0);
    const [ranA, ranB] = await Promise.all([instanceA.runDue(today), instanceB.runDue(today)]);
    // Each daily job ran once across the two instances (the delay, retention and expert reminder jobs run beside this one).
    expect([...ranA, ...ranB].sort()).toEqual([
      "circuit-court-expiries",
      "delay-reminders",
      "expert-opinion-reminders",
      "personal-data-retention",
    ]);
    const expiring = (await listNotifications(t.db, of.userId)).filter((n) => n.kind === "circuit_court.expiring");
    expect(expiring.map((n) => n.payload.validTo)).toEqual([day(30)]);
    expect(await instanceA.runDue(today)).toEqual([]);

    // After the expiry: evidence is required again, and both sides are told once.
    const later = day(31);
    expect((await circuitCourtStatus(t.db, of.organisationId, later)).active).toBe(false);
    expect(await instanceB.runDue(later)).toContain("circuit-court-expiries");
    expect(await instanceA.runDue(day(32))).toContain("circuit-court-expiries");
    expect((await listNotifications(t.db, of.userId)).filter((n) => n.kind === "circuit_court.expired")).toHaveLength(1);
    const funderTold = (await listNotifications(t.db, examiner.userId)).filter((n) => n.kind === "circuit_court.expired");
    expect(funderTold.map((n) => n.payload.dossierId)).toEqual([dossierId]);
    // The expiring notice was given once only.
    expect((await listNotifications(t.db, of.userId)).filter((n) => n.kind === "circuit_court.expiring")).toHaveLength(1);
    await instanceA.stop();
    await instanceB.stop();
  });
});
