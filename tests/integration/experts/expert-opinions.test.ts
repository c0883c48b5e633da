import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { startTestDispatcher, switchableMailer } from "../../setup/event-dispatcher";
import { rejection } from "../../setup/domain-rejection";
import { memoryMailer } from "../../factories/records";
import { createOf, createOrganisationWithUser, createReferentiel, fakeFile } from "../of-dossiers/fixtures";
import type { Actor } from "../../../domain/permissions/actor";
import type { OfScope } from "../../../domain/dossiers/of-scope";
import { saveDescription } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import { addCoExaminer } from "../../../domain/examination/co-examiners";
import { loadReviewRoom } from "../../../domain/examination/review-room.view";
import { acceptExpertInvitation, describeExpertInvitation } from "../../../domain/accounts/expert-invitation.service";
import {
  postExpertMessage,
  remindLateExpertRequests,
  requestExpertOpinion,
  withdrawExpertRequest,
} from "../../../domain/experts/expert-requests.service";
import { listOwnExpertRequests, loadExpertPanel, loadExpertRequestPage } from "../../../domain/experts/expert-view";
import {
  collabAccessFor,
  dossierAccessFor,
  expertRequestAccessFor,
  findReadableFile,
  ofOrganisationAccessFor,
} from "../../../domain/permissions/resource-access.service";
import { listNotifications } from "../../../domain/notifications/notifications.service";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { startDailyJobs } from "../../../server/jobs/daily-jobs";

/**
 * Expert opinions (issue 15.7, decision record 044) through the domain, on PGlite and PostgreSQL: an
 * examiner asks an outside expert (invited by e-mail) and a funder's member; the expert reaches that one
 * request only (its indicators, their evidence, its thread) and answers; the examiners read and answer
 * back, the OF hears nothing; late requests are recalled once a day across instances; a withdrawal ends
 * the expert's access at every door.
 */
let t: TestDatabase;
let events: EventDispatcher;
const mailer = switchableMailer();
let of: OfScope & { userId: string };
let dossierId: string;
let alice: Actor; // the examiner (funder A)
let bruno: Actor; // funder A, not an examiner of this dossier
let chloe: Actor; // funder B
let coordinator: Actor;
const files: Record<string, string> = {};

const DAY_MS = 86_400_000;
const dayAfter = (day: string, days: number) => new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const today = () => new Date().toISOString().slice(0, 10);
const deps = (sink = memoryMailer(), now?: () => Date) => {
  mailer.use(sink);
  return { mailer: sink, publicUrl: "http://portail.test", now };
};
const ask = (actor: Actor, fields: Partial<Parameters<typeof requestExpertOpinion>[3]>, sink = memoryMailer(), now?: () => Date) =>
  requestExpertOpinion(t.db, deps(sink, now), actor, {
    dossierId,
    expertUserId: "",
    email: "",
    fullName: "",
    indicatorCodes: ["1.1"],
    dueOn: dayAfter(today(), 10),
    question: "Le programme couvre-t-il les objectifs annoncés ?",
    ...fields,
  });
const tokenIn = (text: string) => /\/avis\/invitation\/([a-z2-7]{52})/.exec(text)?.[1];
const kinds = async (userId: string) => (await listNotifications(t.db, userId)).map((n) => n.kind);

beforeAll(async () => {
  t = await createTestDatabase();
  await createReferentiel(t.db);
  of = await createOf(t.db, "Organisme Expertisé");
  alice = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Financeur A")).actor;
  const funderA = alice.memberships[0]!.organisationId;
  const brunoUser = await t.db
    .insertInto("users")
    .values({ email: "bruno.expertise@test.demo", full_name: "Bruno Expertise", password_hash: "x", email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.insertInto("memberships").values({ user_id: brunoUser.id, organisation_id: funderA, role: "funder_reviewer" }).execute();
  bruno = {
    userId: brunoUser.id,
    email: "bruno.expertise@test.demo",
    fullName: "Bruno Expertise",
    memberships: [{ organisationId: funderA, organisationKind: "funder", organisationName: "Financeur A", role: "funder_reviewer" }],
  };
  chloe = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Financeur B")).actor;
  await t.db.updateTable("users").set({ password_hash: "x", email_verified_at: new Date() }).where("id", "=", chloe.userId).execute();
  coordinator = (await createOrganisationWithUser(t.db, "coordination", "coordinator", "Coordination")).actor;
  for (const code of ["1.1", "2.1"]) {
    await saveDescription(t.db, of, code, `<p>Réponse ${code}</p>`);
    files[code] = await fakeFile(t.db, of.organisationId, `preuve-${code}.pdf`);
    await addEvidence(t.db, of, code, { kind: "file", fileId: files[code]! });
  }
  dossierId = (await findOfDossier(t.db, of.organisationId))!.id;
  await t.db
    .updateTable("dossiers")
    .set({ status: "en_examen", examiner_id: alice.userId, submitted_at: new Date() })
    .where("id", "=", dossierId)
    .execute();
  events = await startTestDispatcher(t.db, { mailer });
});
afterAll(async () => {
  await events?.stop();
  await t?.close();
});

describe("asking an outside expert", () => {
  let expert: Actor;
  let requestId: string;

  it("creates their account without password, mails the link once, and the link sets it up", async () => {
    const sink = memoryMailer();
    const asked = await ask(alice, { email: "Expert.Exterieur@Cabinet.test", fullName: "Élise Experte" }, sink);
    requestId = asked.requestId;
    expect(asked).toMatchObject({ invited: true, mailSent: true });
    // One mail: the invitation (its link is its notice; the notification is in-app only).
    expect(sink.sent.map((m) => m.to)).toEqual(["expert.exterieur@cabinet.test"]);
    expect(sink.sent[0]!.subject).toContain("Organisme Expertisé");
    const token = tokenIn(sink.sent[0]!.text)!;
    expect(await describeExpertInvitation(t.db, token)).toMatchObject({
      email: "expert.exterieur@cabinet.test",
      fullName: "Élise Experte",
    });
    const accepted = await acceptExpertInvitation(
      t.db,
      {},
      token,
      { fullName: "Élise Experte", password: "un-mot-de-passe-solide", confirmation: "un-mot-de-passe-solide" },
      { ip: "127.0.0.1" },
    );
    expert = accepted.actor;
    expect(expert.memberships).toEqual([]);
    expect(await kinds(expert.userId)).toEqual(["expert.requested"]);
    // The link is spent.
    expect((await rejection(describeExpertInvitation(t.db, token))).messageKey).toBe("experts.invitation.used");
    const own = await listOwnExpertRequests(t.db, expert);
    expect(own.map((r) => [r.organisationName, r.status, r.indicators.map((i) => i.code)])).toEqual([
      ["Organisme Expertisé", "open", ["1.1"]],
    ]);
  });

  it("reaches that one request only: its indicators and their evidence, not the dossier, the notes or other files", async () => {
    const page = await loadExpertRequestPage(t.db, expert, requestId);
    if (page.state !== "standing") throw new Error("the request stands");
    expect(page.indicators.map((i) => [i.code, i.descriptionHtml, i.evidence.map((e) => e.fileId)])).toEqual([
      ["1.1", "<p>Réponse 1.1</p>", [files["1.1"]]],
    ]);
    expect((await findReadableFile(t.db, expert, files["1.1"]!)).id).toBe(files["1.1"]);
    expect((await rejection(findReadableFile(t.db, expert, files["2.1"]!))).kind).toBe("not_found");
    expect(await expertRequestAccessFor(t.db, expert, requestId)).toEqual({ dossierId });
    // The dossier's room, the OF's space, the funders' notes and the review room: nothing.
    expect(await dossierAccessFor(t.db, expert, dossierId)).toBeNull();
    expect(await ofOrganisationAccessFor(t.db, expert, of.organisationId)).toBeNull();
    expect(await collabAccessFor(t.db, expert, { kind: "dossier", id: dossierId })).toBeNull();
    expect(await collabAccessFor(t.db, expert, { kind: "organisation", id: of.organisationId })).toBeNull();
    expect((await rejection(loadReviewRoom(t.db, expert, dossierId))).kind).toBe("forbidden");
    expect(
      await loadExpertPanel(t.db, expert, {
        id: dossierId,
        organisationId: of.organisationId,
        status: "en_examen",
        examinerId: alice.userId,
      }),
    ).toBeNull();
    // Someone else's request is not found, for them as for an unknown id.
    expect((await rejection(loadExpertRequestPage(t.db, chloe, requestId))).kind).toBe("not_found");
    expect(await expertRequestAccessFor(t.db, chloe, requestId)).toBeNull();
  });

  it("answers in the confidential thread; the examiners read it and answer back; the OF hears nothing", async () => {
    await postExpertMessage(t.db, expert, { requestId, body: "Oui, sous réserve du module 3." });
    const panel = (await loadExpertPanel(t.db, alice, {
      id: dossierId,
      organisationId: of.organisationId,
      status: "en_examen",
      examinerId: alice.userId,
    }))!;
    const seen = panel.requests.find((r) => r.id === requestId)!;
    expect(seen).toMatchObject({ status: "answered", expertName: "Élise Experte", expertKind: "outside", canManage: true });
    expect(seen.messages.map((m) => [m.fromExpert, m.body])).toEqual([[true, "Oui, sous réserve du module 3."]]);
    expect(await kinds(alice.userId)).toContain("expert.answered");

    await postExpertMessage(t.db, alice, { requestId, body: "Merci : et pour le module 4 ?" });
    expect(await kinds(expert.userId)).toContain("expert.message");
    // Bruno (same funder) and chloe (another) read the panel but do not write nor withdraw; the coordination reads.
    const brunoPanel = (await loadExpertPanel(t.db, bruno, {
      id: dossierId,
      organisationId: of.organisationId,
      status: "en_examen",
      examinerId: alice.userId,
    }))!;
    expect(brunoPanel.canRequest).toBe(false);
    expect(brunoPanel.requests.every((r) => !r.canManage)).toBe(true);
    expect((await rejection(postExpertMessage(t.db, bruno, { requestId, body: "Moi aussi" }))).messageKey).toBe("experts.reply.forbidden");
    expect((await rejection(withdrawExpertRequest(t.db, chloe, requestId))).messageKey).toBe("experts.withdraw.forbidden");
    expect(
      (await loadExpertPanel(t.db, coordinator, {
        id: dossierId,
        organisationId: of.organisationId,
        status: "en_examen",
        examinerId: alice.userId,
      }))!.requests,
    ).toHaveLength(1);
    // The OF: no panel, no request, no notification.
    expect(
      await loadExpertPanel(t.db, of.actor, {
        id: dossierId,
        organisationId: of.organisationId,
        status: "en_examen",
        examinerId: alice.userId,
      }),
    ).toBeNull();
    expect((await rejection(postExpertMessage(t.db, of.actor, { requestId, body: "?" }))).kind).toBe("not_found");
    expect((await kinds(of.userId)).filter((k) => k.startsWith("expert."))).toEqual([]);
  });

  it("withdrawn: the expert loses the request at every door and is told; it cannot be withdrawn twice", async () => {
    await withdrawExpertRequest(t.db, alice, requestId);
    expect(await loadExpertRequestPage(t.db, expert, requestId)).toMatchObject({
      state: "withdrawn",
      organisationName: "Organisme Expertisé",
    });
    expect((await rejection(findReadableFile(t.db, expert, files["1.1"]!))).kind).toBe("not_found");
    expect(await expertRequestAccessFor(t.db, expert, requestId)).toBeNull();
    expect((await rejection(postExpertMessage(t.db, expert, { requestId, body: "Encore un mot" }))).messageKey).toBe(
      "experts.request.withdrawn",
    );
    expect(await listOwnExpertRequests(t.db, expert)).toEqual([]);
    expect(await kinds(expert.userId)).toContain("expert.withdrawn");
    expect((await rejection(withdrawExpertRequest(t.db, alice, requestId))).messageKey).toBe("experts.request.alreadyWithdrawn");
    // Asked again later, the same address finds the account (no second invitation).
    const again = await ask(alice, { email: "expert.exterieur@cabinet.test", indicatorCodes: ["2.1"] });
    expect(again.invited).toBe(false);
    expect((await findReadableFile(t.db, expert, files["2.1"]!)).id).toBe(files["2.1"]);
    await withdrawExpertRequest(t.db, alice, again.requestId);
  });
});

describe("asking a funder's member", () => {
  it("picks them from the list: no invitation, told in-app and by mail, their requests list it", async () => {
    const sink = memoryMailer();
    const asked = await ask(alice, { expertUserId: chloe.userId, indicatorCodes: ["1.1", "2.1"] }, sink);
    expect(asked.invited).toBe(false);
    // The notification's mail (dispatched at the commit), never an invitation.
    expect(sink.sent.map((m) => [m.to, tokenIn(m.text) ?? null])).toEqual([[chloe.email, null]]);
    expect(await kinds(chloe.userId)).toContain("expert.requested");
    const own = await listOwnExpertRequests(t.db, chloe);
    expect(own.map((r) => [r.expertKind, r.indicators.map((i) => i.code)])).toEqual([["member", ["1.1", "2.1"]]]);
    await postExpertMessage(t.db, chloe, { requestId: asked.requestId, body: "Avis favorable." });
    expect((await loadExpertRequestPage(t.db, chloe, asked.requestId)).state).toBe("standing");
  });

  it("a co-examiner asks too; a funder member who does not examine the dossier is refused", async () => {
    expect((await rejection(ask(bruno, { email: "quelquun@cabinet.test", fullName: "Quelqu'un" }))).messageKey).toBe(
      "experts.request.forbidden",
    );
    await addCoExaminer(t.db, alice, { dossierId, userId: bruno.userId });
    const asked = await ask(bruno, { email: "autre.expert@cabinet.test", fullName: "Autre Expert" });
    expect(asked.invited).toBe(true);
  });
});

describe("what a request must hold", () => {
  it("refuses, field by field, in French keys", async () => {
    const field = async (fields: Partial<Parameters<typeof requestExpertOpinion>[3]>) => {
      const error = await rejection(ask(alice, fields));
      return [
        error.kind,
        Object.entries(error.fieldErrors)
          .map(([name, keys]) => `${name}:${keys.join(",")}`)
          .join(" ") || error.messageKey,
      ];
    };
    expect(await field({ indicatorCodes: [] })).toEqual(["validation", "indicatorCodes:experts.request.indicatorsRequired"]);
    expect(await field({ indicatorCodes: ["9.9"], email: "x@cabinet.test", fullName: "X" })).toEqual([
      "validation",
      "indicatorCodes:experts.request.indicatorUnknown",
    ]);
    expect(await field({ dueOn: dayAfter(today(), -2), email: "x@cabinet.test" })).toEqual([
      "validation",
      "dueOn:experts.request.dueInPast",
    ]);
    expect(await field({ dueOn: "2026-02-30", email: "x@cabinet.test" })).toEqual(["validation", "dueOn:validation.date.invalid"]);
    expect(await field({ question: "  " })).toEqual(["validation", "question:errors.required"]);
    expect(await field({})).toEqual(["validation", "email:experts.request.expertRequired"]);
    expect(await field({ email: "pas une adresse" })).toEqual(["validation", "email:errors.email"]);
    expect(await field({ email: "inconnu@cabinet.test" })).toEqual(["validation", "fullName:experts.request.nameRequired"]);
    expect(await field({ email: alice.email })).toEqual(["validation", "email:experts.request.self"]);
    expect(await field({ email: of.actor.email })).toEqual(["validation", "email:experts.request.notAskable"]);
    expect(await field({ email: coordinator.email })).toEqual(["validation", "email:experts.request.notAskable"]);
    expect(await field({ expertUserId: of.userId })).toEqual(["validation", "expertUserId:experts.request.expertUnknown"]);
    expect(await field({ expertUserId: chloe.userId })).toEqual(["validation", "expertUserId:experts.request.duplicate"]);
    // Nothing was created by the refusals.
    expect(await t.db.selectFrom("users").select("id").where("email", "=", "inconnu@cabinet.test").executeTakeFirst()).toBeUndefined();
  });

  it("is asked while the dossier is in examination only", async () => {
    await t.db.updateTable("dossiers").set({ status: "datadocke" }).where("id", "=", dossierId).execute();
    try {
      expect((await rejection(ask(alice, { email: "tard@cabinet.test", fullName: "Tard" }))).messageKey).toBe(
        "experts.request.notInExamination",
      );
    } finally {
      await t.db.updateTable("dossiers").set({ status: "en_examen" }).where("id", "=", dossierId).execute();
    }
  });
});

describe("late requests", () => {
  it("are recalled to the expert and the examiner on their first late day, then every 3 days, once across instances", async () => {
    // Asked 20 days ago, due 10 days ago (the service's clock is moved back).
    const then = new Date(Date.now() - 20 * DAY_MS);
    const asked = await ask(
      alice,
      { email: "lent@cabinet.test", fullName: "Expert Lent", dueOn: dayAfter(today(), -10) },
      memoryMailer(),
      () => then,
    );
    const expert = await t.db.selectFrom("users").select("id").where("email", "=", "lent@cabinet.test").executeTakeFirstOrThrow();
    // Answered requests (chloe's) are not recalled, whatever their date.
    await t.db
      .updateTable("expert_requests")
      .set({ due_on: dayAfter(today(), -10) })
      .where("expert_user_id", "=", chloe.userId)
      .execute();

    const logger = pino({ level: "silent" });
    const instanceA = startDailyJobs(t.db, logger, { timer: false });
    const instanceB = startDailyJobs(t.db, logger, { timer: false });
    const day = today();
    const [ranA, ranB] = await Promise.all([instanceA.runDue(day), instanceB.runDue(day)]);
    expect([...ranA, ...ranB].filter((job) => job === "expert-opinion-reminders")).toEqual(["expert-opinion-reminders"]);
    const overdue = async () => (await listNotifications(t.db, expert.id)).filter((n) => n.kind === "expert.overdue");
    expect((await overdue()).map((n) => n.payload.requestId)).toEqual([asked.requestId]);
    expect((await listNotifications(t.db, alice.userId)).filter((n) => n.kind === "expert.late").map((n) => n.payload.expert)).toEqual([
      "Expert Lent",
    ]);
    expect((await listNotifications(t.db, chloe.userId)).filter((n) => n.kind === "expert.overdue")).toEqual([]);

    // The next days: nothing until three days have passed.
    expect(await remindLateExpertRequests(t.db, dayAfter(day, 1))).toBe(0);
    expect(await remindLateExpertRequests(t.db, dayAfter(day, 2))).toBe(0);
    expect(await remindLateExpertRequests(t.db, dayAfter(day, 3))).toBe(1);
    expect(await overdue()).toHaveLength(2);
    await withdrawExpertRequest(t.db, alice, asked.requestId);
    expect(await remindLateExpertRequests(t.db, dayAfter(day, 9))).toBe(0);
  });
});
