import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { startTestDispatcher } from "../../setup/event-dispatcher";
import { memoryMailer } from "../../factories/records";
import type { Actor } from "../../../domain/permissions/actor";
import { createOf, createOrganisationWithUser, createReferentiel } from "./fixtures";
import { saveDescription, setNotApplicable } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import { takeDossier } from "../../../domain/examination/take";
import { examinationDurations } from "../../../domain/examination/expected-delay.queries";
import { formatDurationDays } from "../../../domain/examination/expected-delay.service";

/**
 * The expected delay (issue 14.6): median and 90th percentile of the examination rounds that closed
 * in the last 90 days (submission → first closing decision, from the dossiers' event log), the
 * submitted OF's place in the queue on its home page, and its notification when an examiner takes it.
 */
let t: TestDatabase;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
let versionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  versionId = (await createReferentiel(t.db)).versionId;
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  handle = createRequestHandler(build, "production");
});
afterAll(() => t?.close());

const DAY = 86_400_000;

async function homeOf(actor: Actor) {
  const response = await handle(new Request("http://localhost/organisme"), testLoadContext({ db: t.db, actor }));
  expect(response.status).toBe(200);
  return response.text();
}

/** A closed examination round in the event log: submitted `closedDaysAgo + days` ago, closed `closedDaysAgo` ago. */
async function round(days: number, closedDaysAgo: number, closing = "examination.datadocke", submission = "dossier.submitted") {
  const of = await createOf(t.db);
  const dossier = await t.db
    .insertInto("dossiers")
    .values({ organisation_id: of.organisationId, referentiel_version_id: versionId, status: "datadocke" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const closedAt = new Date(Date.now() - closedDaysAgo * DAY);
  await t.db
    .insertInto("dossier_events")
    .values([
      { dossier_id: dossier.id, kind: submission, payload: "{}", created_at: new Date(closedAt.getTime() - days * DAY) },
      { dossier_id: dossier.id, kind: closing, payload: "{}", created_at: closedAt },
    ])
    .execute();
}

async function submittedOf() {
  const of = await createOf(t.db);
  await saveDescription(t.db, of, "1.1", "Objectifs écrits");
  await addEvidence(t.db, of, "1.1", { kind: "link", url: "https://of.example/objectifs" });
  await saveDescription(t.db, of, "1.2", "Public décrit");
  await addEvidence(t.db, of, "1.2", { kind: "link", url: "https://of.example/public" });
  await setNotApplicable(t.db, of, "2.1", true, "Aucun accueil physique");
  await submitDossier(t.db, of);
  return of;
}

describe("the usual examination time", () => {
  it("is told in French durations", () => {
    expect(formatDurationDays(0.4)).toBe("moins d'un jour");
    expect(formatDurationDays(1.2)).toBe("environ 1 jour");
    expect(formatDurationDays(11.6)).toBe("environ 12 jours");
  });

  it("is the median and 90th percentile of rounds closed in the last 90 days, controls and older rounds left out", async () => {
    expect(await examinationDurations(t.db, new Date())).toEqual({ rounds: 0, medianDays: null, p90Days: null });
    for (let days = 1; days <= 10; days++) await round(days, 5, days % 3 === 0 ? "examination.sent_back" : "examination.datadocke");
    await round(60, 100); // closed before the window
    await round(40, 3, "control.dereferenced"); // a control's outcome is not an examination
    const stats = await examinationDurations(t.db, new Date());
    expect(stats.rounds).toBe(10);
    expect(stats.medianDays).toBeCloseTo(5.5, 3);
    expect(stats.p90Days).toBeCloseTo(9.1, 3);
  });

  it("shows on the submitted OF's home with its place in the queue, then tells it when an examiner takes its dossier", async () => {
    const first = await submittedOf();
    const second = await submittedOf();
    const home = await homeOf(second.actor);
    expect(home).toContain("Votre dossier est soumis");
    expect(home).toContain("Délai attendu");
    expect(home).toContain("Place dans la file d&#x27;attente : 2.");
    expect(home).toContain("environ 6 jours en général, et au plus environ 9 jours pour 9 examens sur 10");
    expect(await homeOf(first.actor)).toContain("Place dans la file d&#x27;attente : 1.");

    const funder = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer")).actor;
    const dossier = (await findOfDossier(t.db, first.organisationId))!;
    await takeDossier(t.db, funder, dossier.id);
    // The dispatcher delivers what the take recorded, then stops (a barrier: stop waits for the batch).
    const events = await startTestDispatcher(t.db, { mailer: memoryMailer() });
    await events.stop();
    const notifications = await t.db.selectFrom("notifications").select(["kind", "payload"]).where("user_id", "=", first.userId).execute();
    expect(notifications).toContainEqual({ kind: "dossier.status_changed", payload: { status: "en_examen" } });

    const taken = await homeOf(first.actor);
    expect(taken).toContain("Un examinateur examine votre dossier");
    expect(taken).not.toContain("Place dans la file");
    expect(await homeOf(second.actor)).toContain("Place dans la file d&#x27;attente : 1.");
  });

  it("is not shown to an OF still drafting", async () => {
    const draft = await createOf(t.db);
    const home = await homeOf(draft.actor);
    expect(home).toContain("Votre dossier est en brouillon");
    expect(home).not.toContain("Délai attendu");
  });
});
