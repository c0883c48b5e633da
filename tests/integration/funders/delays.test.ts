import { resolve } from "node:path";
import { sql } from "kysely";
import { pathToFileURL } from "node:url";
import { pino } from "pino";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { startTestDispatcher, switchableMailer } from "../../setup/event-dispatcher";
import { testLoadContext } from "../../setup/load-context";
import { makeDossier, makeOrganisation, makeReferentiel, memoryMailer } from "../../factories/records";
import { DEFAULT_CHANNEL, savePreferences } from "../../../domain/notifications/notification-preferences";
import { createOf, createOrganisationWithUser, createReferentiel } from "../of-dossiers/fixtures";
import type { Actor } from "../../../domain/permissions/actor";
import type { OfScope } from "../../../domain/dossiers/of-scope";
import type { DelayStage } from "../../../db/schema";
import { saveDescription, setNotApplicable } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import { takeDossier } from "../../../domain/examination/take";
import { decideIndicator } from "../../../domain/examination/decision";
import { closeExamination } from "../../../domain/examination/close";
import { addCoExaminer } from "../../../domain/examination/co-examiners";
import { countQueueDueStates, listQueue } from "../../../domain/examination/queue";
import { notifyOfLateList } from "../../../domain/notifications/delay-notify";
import { postOfMessage } from "../../../domain/threads/of-threads.service";
import { listNotifications } from "../../../domain/notifications/notifications.service";
import { updateDelayRules } from "../../../domain/delays/delay-rules.service";
import { runDelayReminders } from "../../../domain/delays/delay-reminders.service";
import { addCalendarDays, dueDay } from "../../../domain/delays/due-date";
import { dayKeyInParis } from "../../../domain/i18n/format";
import { delayReport } from "../../../domain/reporting/delays.queries";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { startDailyJobs } from "../../../server/jobs/daily-jobs";

/**
 * Delays kept (issue 15.2, decision record 045): due days per stage from the coordination's rules,
 * the daily reminders (once per stage, the late list once a day across instances), the queue's late
 * and due-soon filter, the coordination's page, the examiners told of a resubmission or an answer,
 * and the reporting figures — on whichever database the run uses (PGlite or PostgreSQL).
 */
let t: TestDatabase;
let events: EventDispatcher;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
const mailer = switchableMailer();
let versionId: string;
let examiner: Actor;
let coExaminer: Actor;
let coordinator: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  versionId = (await createReferentiel(t.db)).versionId;
  examiner = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Financeur des délais")).actor;
  coExaminer = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Financeur associé")).actor;
  coordinator = (await createOrganisationWithUser(t.db, "coordination", "coordinator", "Coordination")).actor;
  events = await startTestDispatcher(t.db, { mailer });
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  handle = createRequestHandler(build, "production");
});
afterAll(async () => {
  await events?.stop();
  await t?.close();
});

const today = () => dayKeyInParis(new Date());

async function submittedOf(name: string): Promise<{ of: OfScope & { userId: string }; dossierId: string }> {
  const of = await createOf(t.db, name);
  await saveDescription(t.db, of, "1.1", "Objectifs écrits");
  await addEvidence(t.db, of, "1.1", { kind: "link", url: "https://of.example/objectifs" });
  await saveDescription(t.db, of, "1.2", "Public décrit");
  await addEvidence(t.db, of, "1.2", { kind: "link", url: "https://of.example/public" });
  await setNotApplicable(t.db, of, "2.1", true, "Aucun accueil physique");
  await submitDossier(t.db, of);
  return { of, dossierId: (await findOfDossier(t.db, of.organisationId))!.id };
}

async function stages(dossierId: string) {
  return t.db
    .selectFrom("dossier_deadlines")
    .select(["stage", sql<string>`due_on::text`.as("due_on"), "ended_at", "ended_late", "examiner_id", "started_at"])
    .where("dossier_id", "=", dossierId)
    .orderBy("started_at")
    .orderBy("stage", "desc")
    .execute();
}

async function openDue(dossierId: string, stage: DelayStage): Promise<string> {
  const row = await t.db
    .selectFrom("dossier_deadlines")
    .select(sql<string>`due_on::text`.as("due_on"))
    .where("dossier_id", "=", dossierId)
    .where("stage", "=", stage)
    .where("ended_at", "is", null)
    .executeTakeFirstOrThrow();
  return row.due_on;
}

/** Sends back with 1.1 à compléter (its reason opens the thread), the rest validated. */
async function sendBack(dossierId: string, by: Actor) {
  const indicators = await t.db.selectFrom("indicators").select(["id", "code"]).where("version_id", "=", versionId).execute();
  for (const indicator of indicators) {
    const sentBack = indicator.code === "1.1";
    await decideIndicator(t.db, by, {
      dossierId,
      indicatorId: indicator.id,
      decision: sentBack ? "a_completer" : "valide",
      reason: sentBack ? "Précisez les objectifs par action." : null,
      expectedVersion: null,
    });
  }
  await closeExamination(t.db, by, { dossierId, outcome: "send_back", message: "Un indicateur à compléter." });
}

async function get(actor: Actor, path: string) {
  const response = await handle(new Request(`http://localhost${path}`), testLoadContext({ db: t.db, actor }));
  return { status: response.status, body: await response.text() };
}

const RULES = {
  takeDays: 5,
  takeUnit: "working",
  decisionDays: 20,
  decisionUnit: "working",
  answerDays: 10,
  answerUnit: "working",
} as const;

describe("due days", () => {
  it("a submission opens the take and the first decision, a take and a closing end them, a resubmission opens the answer under the rules of its day", async () => {
    const { of, dossierId } = await submittedOf("OF aux échéances");
    const day = today();
    expect((await stages(dossierId)).map((s) => [s.stage, s.due_on, s.ended_at])).toEqual([
      ["take", dueDay(day, { days: 5, workingDays: true }), null],
      ["decision", dueDay(day, { days: 20, workingDays: true }), null],
    ]);

    await takeDossier(t.db, examiner, dossierId);
    const taken = (await stages(dossierId)).find((s) => s.stage === "take")!;
    expect(taken).toMatchObject({ ended_late: false, examiner_id: examiner.userId });
    expect(taken.ended_at).not.toBeNull();

    // The coordination shortens the answer to 3 calendar days: the open decision keeps its due day.
    const decisionDue = await openDue(dossierId, "decision");
    await updateDelayRules(t.db, coordinator, { ...RULES, answerDays: 3, answerUnit: "calendar" });
    expect(await openDue(dossierId, "decision")).toBe(decisionDue);

    await sendBack(dossierId, examiner);
    expect((await stages(dossierId)).every((s) => s.ended_at !== null)).toBe(true);

    await saveDescription(t.db, of, "1.1", "Objectifs écrits, précisés par action");
    await submitDossier(t.db, of);
    expect(await openDue(dossierId, "answer")).toBe(addCalendarDays(today(), 3));
    expect(await openDue(dossierId, "take")).toBe(dueDay(today(), { days: 5, workingDays: true }));
    await updateDelayRules(t.db, coordinator, RULES);
  });
});

describe("the daily reminders", () => {
  it("tell the examiner and co-examiners before and once late, the coordination the late list, once per day across instances", async () => {
    const { dossierId } = await submittedOf("OF bientôt en retard");
    await takeDossier(t.db, examiner, dossierId);
    await addCoExaminer(t.db, examiner, { dossierId, userId: coExaminer.userId });
    const due = await openDue(dossierId, "decision");
    const logger = pino({ level: "silent" });
    const instanceA = startDailyJobs(t.db, logger, { timer: false });
    const instanceB = startDailyJobs(t.db, logger, { timer: false });
    const told = async (actor: Actor, kind: string) =>
      (await listNotifications(t.db, actor.userId)).filter((n) => n.kind === kind && n.payload.dossierId === dossierId);

    // Two days before: due soon, told once although both instances run the day twice.
    const sink = memoryMailer();
    mailer.use(sink);
    const before = addCalendarDays(due, -2);
    const [ranA, ranB] = await Promise.all([instanceA.runDue(before), instanceB.runDue(before)]);
    expect([...ranA, ...ranB].filter((job) => job === "delay-reminders")).toEqual(["delay-reminders"]);
    expect(await instanceA.runDue(before)).toEqual([]);
    await runDelayReminders(t.db, addCalendarDays(due, -1)); // the next day: already reminded
    for (const actor of [examiner, coExaminer]) {
      const soon = await told(actor, "deadline.due_soon");
      expect(soon.map((n) => [n.payload.stage, n.payload.dueOn])).toEqual([["decision", due]]);
      const mails = sink.sent.filter((m) => m.to === actor.email && m.subject.includes("Échéance proche pour OF bientôt en retard"));
      expect(mails).toHaveLength(1);
    }
    expect(await told(examiner, "deadline.late")).toEqual([]);

    // The day after the due day: late, told once; the coordination gets the day's list.
    const after = addCalendarDays(due, 1);
    expect(await instanceB.runDue(after)).toContain("delay-reminders");
    expect(await instanceA.runDue(after)).toEqual([]);
    await runDelayReminders(t.db, addCalendarDays(due, 2));
    for (const actor of [examiner, coExaminer]) expect(await told(actor, "deadline.late")).toHaveLength(1);
    // One list a day (other dossiers of this file are late on other days too).
    const lists = (await listNotifications(t.db, coordinator.userId)).filter((n) => n.kind === "deadline.late_list");
    expect(lists.filter((n) => n.payload.day === after)).toHaveLength(1);
    const listMail = sink.sent.find((m) => m.to === coordinator.email && m.text.includes("OF bientôt en retard"));
    expect(listMail?.subject).toMatch(/dossiers? en retard/);
    expect(listMail?.text).toContain(`/financeur/examens/${dossierId}`);
    await instanceA.stop();
    await instanceB.stop();
  });
});

describe("examiners told of the OF's answers", () => {
  it("an answer in a thread and a resubmission reach the examiner and co-examiners, in-app, and by email as each chose", async () => {
    const { of, dossierId } = await submittedOf("OF qui répond");
    await takeDossier(t.db, examiner, dossierId);
    await addCoExaminer(t.db, examiner, { dossierId, userId: coExaminer.userId });
    await sendBack(dossierId, examiner);
    // Thread messages are in-app by default (decision record 047); the examiner asked for them by email.
    await savePreferences(t.db, examiner.userId, { ...DEFAULT_CHANNEL, "message.posted": "immediate" });
    const sink = memoryMailer();
    mailer.use(sink);

    await postOfMessage(t.db, of, "1.1", "Nous précisons les objectifs de chaque action.");
    await saveDescription(t.db, of, "1.1", "Objectifs précisés par action");
    await submitDossier(t.db, of);
    const resubmitted = "Datadock — OF qui répond a soumis à nouveau son dossier (indicateurs modifiés : 1.1)";
    for (const actor of [examiner, coExaminer]) {
      const kinds = (await listNotifications(t.db, actor.userId)).filter((n) => n.payload.dossierId === dossierId).map((n) => n.kind);
      expect(kinds).toEqual(expect.arrayContaining(["message.posted", "dossier.resubmitted"]));
      const mails = sink.sent.filter((m) => m.to === actor.email);
      expect(mails.map((m) => m.subject)).toEqual(
        actor === examiner ? ["Datadock — Nouveau message sur l'indicateur 1.1", resubmitted] : [resubmitted],
      );
      expect(mails.at(-1)?.text).toContain(`http://localhost/financeur/examens/${dossierId}`);
    }
  });
});

describe("the coordination's daily list", () => {
  it("is mailed only to those who chose an immediate e-mail (decision 047)", async () => {
    const quiet = (await createOrganisationWithUser(t.db, "coordination", "coordinator", "Coordination silencieuse")).actor;
    await savePreferences(t.db, quiet.userId, { ...DEFAULT_CHANNEL, "deadline.late_list": "in_app" });
    const sink = memoryMailer();
    const day = today();
    await notifyOfLateList(
      { db: t.db, mailer: sink, publicUrl: "http://localhost" },
      { day, total: 1, coordinatorIds: [coordinator.userId, quiet.userId], dossiers: [] },
    );
    expect(sink.sent.map((m) => m.to)).toEqual([coordinator.email]);
    // Both are told in the portal.
    for (const actor of [coordinator, quiet]) {
      const lists = (await listNotifications(t.db, actor.userId)).filter((n) => n.kind === "deadline.late_list" && n.payload.day === day);
      expect(lists.length).toBeGreaterThan(0);
    }
  });
});

describe("the queue and the coordination's page", () => {
  it("filter late and due-soon dossiers, and the coordination edits the rules with a checked form", async () => {
    const late = await submittedOf("OF en retard dans la file");
    const soon = await submittedOf("OF à échéance proche");
    const onTime = await submittedOf("OF dans les temps");
    const day = today();
    await t.db
      .updateTable("dossier_deadlines")
      .set({ due_on: addCalendarDays(day, -1) })
      .where("dossier_id", "=", late.dossierId)
      .where("stage", "=", "take")
      .execute();
    await t.db
      .updateTable("dossier_deadlines")
      .set({ due_on: addCalendarDays(day, 1) })
      .where("dossier_id", "=", soon.dossierId)
      .where("stage", "=", "take")
      .execute();

    const ids = async (delay: "late" | "soon") => (await listQueue(t.db, { delay, limit: 200 })).rows.map((r) => r.dossierId);
    expect(await ids("late")).toContain(late.dossierId);
    expect(await ids("late")).not.toContain(soon.dossierId);
    expect(await ids("soon")).toContain(soon.dossierId);
    expect(await ids("soon")).not.toContain(late.dossierId);
    expect([...(await ids("late")), ...(await ids("soon"))]).not.toContain(onTime.dossierId);
    const row = (await listQueue(t.db, { delay: "late", limit: 200 })).rows.find((r) => r.dossierId === late.dossierId);
    expect(row).toMatchObject({ dueStage: "take", dueOn: addCalendarDays(day, -1), dueState: "late" });
    // The counts above the queue count what their links open, within the queue's scope: a dossier
    // waiting for the OF's answer (à compléter) is late on the OF's side, not in the funders' queue.
    const answering = await submittedOf("OF qui tarde à répondre");
    await t.db.updateTable("dossiers").set({ status: "a_completer" }).where("id", "=", answering.dossierId).execute();
    await t.db
      .insertInto("dossier_deadlines")
      .values({ dossier_id: answering.dossierId, stage: "answer", started_at: new Date(), due_on: addCalendarDays(day, -3) })
      .execute();
    const counts = await countQueueDueStates(t.db, {});
    expect(counts.late).toBe((await listQueue(t.db, { delay: "late", limit: 200 })).total);
    expect(counts.soon).toBe((await listQueue(t.db, { delay: "soon", limit: 200 })).total);
    expect(await ids("late")).not.toContain(answering.dossierId);
    const byDue = (await listQueue(t.db, { sort: "due", limit: 200 })).rows.map((r) => r.dossierId);
    expect(byDue.indexOf(late.dossierId)).toBeLessThan(byDue.indexOf(onTime.dossierId));

    const page = await get(examiner, "/financeur/examens?delai=retard");
    expect(page.status).toBe(200);
    expect(page.body).toContain("OF en retard dans la file");
    expect(page.body).not.toContain("OF dans les temps");
    expect(page.body).toContain("En retard");
    expect(page.body).toMatch(/\d+ dossiers? en retard/);

    expect((await get(examiner, "/coordination/delais")).status).toBe(403);
    const rules = await get(coordinator, "/coordination/delais");
    expect(rules.status).toBe(200);
    expect(rules.body).toContain("OF en retard dans la file");
    expect(rules.body).toContain("Prise en charge");

    const post = (fields: Record<string, string>) =>
      handle(
        new Request("http://localhost/coordination/delais", { method: "POST", body: new URLSearchParams(fields) }),
        testLoadContext({ db: t.db, actor: coordinator }),
      );
    const form = {
      takeDays: "3",
      takeUnit: "working",
      decisionDays: "15",
      decisionUnit: "calendar",
      answerDays: "10",
      answerUnit: "working",
    };
    const refused = await post({ ...form, takeDays: "0" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Indiquez un nombre de jours entre 1 et 365.");
    const saved = await post(form);
    expect(saved.status).toBe(302);
    const stored = await t.db.selectFrom("delay_rules").select(["stage", "days", "working_days"]).orderBy("stage").execute();
    expect(stored).toEqual([
      { stage: "answer", days: 10, working_days: true },
      { stage: "decision", days: 15, working_days: false },
      { stage: "take", days: 3, working_days: true },
    ]);
    await updateDelayRules(t.db, coordinator, RULES);
  });
});

describe("reporting", () => {
  it("gives time per stage (median, 90th percentile) and the late share, per funder and per examiner", async () => {
    const region = "Guyane";
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const funderA = await makeOrganisation(t.db, "funder", ["funder_reviewer"], { name: "Financeur A délais" });
    const funderB = await makeOrganisation(t.db, "funder", ["funder_reviewer"], { name: "Financeur B délais" });
    const [a, b] = [funderA.users[0]!, funderB.users[0]!];
    const DAY = 86_400_000;
    const ended = async (stage: DelayStage, days: number, late: boolean, examinerId: string) => {
      const of = await makeOrganisation(t.db, "of", ["of_admin"], { region });
      const dossier = await makeDossier(t.db, of, ref, { status: "datadocke" });
      const endedAt = new Date(Date.now() - DAY);
      await t.db
        .insertInto("dossier_deadlines")
        .values({
          dossier_id: dossier.id,
          stage,
          started_at: new Date(endedAt.getTime() - days * DAY),
          due_on: "2026-01-01",
          ended_at: endedAt,
          ended_late: late,
          examiner_id: examinerId,
        })
        .execute();
    };
    for (const days of [1, 2, 3, 4]) await ended("take", days, false, a.id);
    await ended("take", 10, true, a.id);
    await ended("decision", 5, false, b.id);
    await ended("decision", 15, true, b.id);
    // Open and past due: late now, not in the times.
    const openOf = await makeOrganisation(t.db, "of", ["of_admin"], { region });
    const open = await makeDossier(t.db, openOf, ref, { status: "soumis" });
    await t.db
      .insertInto("dossier_deadlines")
      .values({ dossier_id: open.id, stage: "take", started_at: new Date(Date.now() - 20 * DAY), due_on: addCalendarDays(today(), -3) })
      .execute();

    const filters = { from: new Date(Date.now() - 30 * DAY), to: new Date(Date.now() + DAY), region };
    const report = await delayReport(t.db, filters, today());
    expect(report.stages).toEqual([
      { stage: "take", count: 5, median: 3, p90: 7.6, late: 1, lateShare: 0.2, openLate: 1 },
      { stage: "decision", count: 2, median: 10, p90: 14, late: 1, lateShare: 0.5, openLate: 0 },
      { stage: "answer", count: 0, median: null, p90: null, late: 0, lateShare: null, openLate: 0 },
    ]);
    expect(report.funders.map((f) => [f.name, f.total])).toEqual([
      ["Financeur A délais", { count: 5, late: 1, lateShare: 0.2 }],
      ["Financeur B délais", { count: 2, late: 1, lateShare: 0.5 }],
    ]);
    expect(report.funders[1]!.stages.decision).toEqual({ count: 2, median: 10, p90: 14, late: 1, lateShare: 0.5 });
    expect(report.examiners.map((e) => [e.id, e.funderName, e.total.count, e.stages.take.median])).toEqual([
      [a.id, "Financeur A délais", 5, 3],
      [b.id, "Financeur B délais", 2, null],
    ]);
    // The funder filter keeps that funder's examiners only.
    const onlyB = await delayReport(t.db, { ...filters, funderId: funderB.id }, today());
    expect(onlyB.stages.map((s) => s.count)).toEqual([0, 2, 0]);

    const page = await get(a.actor, `/financeur/rapports?region=${region}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Durée par étape");
    expect(page.body).toContain("Financeur B délais");
    const csv = await get(a.actor, `/financeur/rapports.csv?table=delayFunders&region=${region}`);
    expect(csv.body).toContain("Financeur A délais;5;3.0;7.6;0;;;0;;;5;1;0.2000");
  });
});
