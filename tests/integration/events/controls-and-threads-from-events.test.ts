import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { startTestDispatcher } from "../../setup/event-dispatcher";
import { makeDossier, makeOrganisation, makeReferentiel, memoryMailer } from "../../factories/records";
import { dereference, openControl } from "../../../domain/controls/controls.service";
import { postOfMessage } from "../../../domain/threads/of-threads.service";
import { postFunderMessage } from "../../../domain/threads/funder-threads.service";
import { recordDomainEvent } from "../../../domain/events/record-event";
import { inTransaction } from "../../../db/transaction";
import type { OfScope } from "../../../domain/dossiers/of-scope";

/**
 * Controls and thread messages tell people from their recorded events, like every other side effect
 * (decision 030): nothing is written or mailed in the service's transaction, and what a process
 * killed between commit and dispatch left undone is done by the next dispatcher from the outbox.
 */
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.close());

const notificationsOf = (userId: string) =>
  t.db.selectFrom("notifications").select(["kind", "payload"]).where("user_id", "=", userId).orderBy("id").execute();

/** What the outbox holds for a dossier, undispatched. */
const pendingFor = (dossierId: string) =>
  t.db
    .selectFrom("domain_events")
    .select(["type", "payload"])
    .where("dispatched_at", "is", null)
    .where(sql<boolean>`payload->>'dossierId' = ${dossierId}`)
    .orderBy("seq")
    .execute();

/** A dispatcher started now (as after a restart) dispatches everything pending, then stops. */
async function dispatchPending() {
  const mailer = memoryMailer();
  const events = await startTestDispatcher(t.db, { mailer });
  await events.stop();
  return mailer;
}

describe("controls tell the OF from their events", () => {
  it("opening a control: no notification or mail in the transaction; the dispatcher writes and mails them", async () => {
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 2 });
    const funder = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
    const of = await makeOrganisation(t.db, "of", ["of_admin", "of_member"]);
    const d = await makeDossier(t.db, of, ref, { status: "datadocke" });
    const target = ref.indicators[1]!;

    await openControl(t.db, funder.users[0]!.actor, { dossierId: d.id, indicatorIds: [target.id], reason: "Plainte reçue" });
    for (const user of of.users) expect(await notificationsOf(user.id)).toEqual([]);
    expect(await pendingFor(d.id)).toMatchObject([
      {
        type: "dossier.status_changed",
        payload: { cause: "control", to: "en_examen", control: { action: "opened", indicators: [target.code], reason: "Plainte reçue" } },
      },
    ]);

    const mailer = await dispatchPending();
    for (const user of of.users) {
      expect(await notificationsOf(user.id)).toEqual([
        { kind: "control.opened", payload: { dossier_id: d.id, indicators: [target.code], reason: "Plainte reçue" } },
      ]);
    }
    expect(mailer.sent.map((m) => [m.to, m.subject]).sort()).toEqual(
      of.users.map((u) => [u.email, "Datadock : un contrôle est ouvert sur votre dossier"]).sort(),
    );
    expect(mailer.sent[0]!.text).toContain(`- ${target.code}`);
    expect(mailer.sent[0]!.text).toContain("Plainte reçue");
  });

  it("a déréférencement: the OF is told why by the dispatcher, once", async () => {
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const funder = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    const d = await makeDossier(t.db, of, ref, { status: "datadocke" });

    await dereference(t.db, funder.users[0]!.actor, { dossierId: d.id, reason: "Fraude avérée" });
    expect(await notificationsOf(of.users[0]!.id)).toEqual([]);

    const mailer = await dispatchPending();
    expect(await notificationsOf(of.users[0]!.id)).toEqual([
      { kind: "control.dereferenced", payload: { dossier_id: d.id, reason: "Fraude avérée" } },
    ]);
    expect(mailer.sent.map((m) => [m.to, m.subject])).toEqual([[of.users[0]!.email, "Datadock : votre organisme est déréférencé"]]);
    expect(mailer.sent[0]!.text).toContain("Motif : Fraude avérée");
  });
});

describe("thread messages notify their participants from their event", () => {
  it("mentions and plain message notifications are written by the dispatcher, never in the transaction", async () => {
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const funder = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
    const examiner = funder.users[0]!;
    const of = await makeOrganisation(t.db, "of", ["of_admin", "of_member"]);
    const [admin, member] = of.users as [(typeof of.users)[0], (typeof of.users)[0]];
    const d = await makeDossier(t.db, of, ref, { status: "en_examen", examinerId: examiner.id });
    const code = ref.indicators[0]!.code;
    const scope: OfScope = { organisationId: of.id, actor: admin.actor };

    // The OF's admin names its member: a mention for them, the plain message for the examiner.
    await postOfMessage(t.db, scope, code, `Pièce jointe. @${member.actor.fullName} peux-tu vérifier ?`);
    // The funder answers naming nobody: every member of the OF gets the plain message.
    await postFunderMessage(t.db, examiner.actor, d.id, code, "Merci, c'est noté.");
    for (const user of [admin, member, examiner]) expect(await notificationsOf(user.id)).toEqual([]);
    const pending = await pendingFor(d.id);
    expect(pending.map((e) => e.type)).toEqual(["thread.message_posted", "thread.message_posted"]);
    expect(pending[0]!.payload).toMatchObject({
      recipients: { organisationId: of.id, examinerId: examiner.id, authorOrganisationName: of.name },
    });

    await dispatchPending();
    expect(await notificationsOf(examiner.id)).toEqual([{ kind: "message.posted", payload: { code, organisation: of.name } }]);
    expect(await notificationsOf(member.id)).toEqual([
      { kind: "mention", payload: { code, author: admin.actor.fullName, dossierId: d.id } },
      { kind: "message.posted", payload: { code, organisation: funder.name } },
    ]);
    // The author of the first message hears only of the answer.
    expect(await notificationsOf(admin.id)).toEqual([{ kind: "message.posted", payload: { code, organisation: funder.name } }]);
  });

  it("an event recorded before the handler took notifications over (no recipients, no control) notifies nobody again", async () => {
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const funder = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    const d = await makeDossier(t.db, of, ref, { status: "en_examen", examinerId: funder.users[0]!.id });
    const thread = await t.db
      .insertInto("threads")
      .values({ dossier_id: d.id, indicator_id: ref.indicators[0]!.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const actor = { userId: funder.users[0]!.id, name: "Ancien" };
    await inTransaction(t.db, async (trx) => {
      await recordDomainEvent(trx, {
        type: "thread.message_posted",
        payload: {
          dossierId: d.id,
          threadId: thread.id,
          messageId: "00000000-0000-4000-8000-000000000003",
          indicatorCode: ref.indicators[0]!.code,
          authorId: actor.userId,
          authorName: actor.name,
          fromOf: false,
          body: `@${of.users[0]!.actor.fullName} ancien message`,
          createdAt: new Date().toISOString(),
        },
      });
      await recordDomainEvent(trx, {
        type: "dossier.status_changed",
        payload: { dossierId: d.id, organisationId: of.id, cause: "control", from: "datadocke", to: "en_examen", actor },
      });
    });
    // The barrier: an event recorded after them that does notify, dispatched in the same run.
    await inTransaction(t.db, async (trx) => {
      await recordDomainEvent(trx, {
        type: "dossier.status_changed",
        payload: {
          dossierId: d.id,
          organisationId: of.id,
          cause: "control",
          from: "datadocke",
          to: "en_examen",
          actor,
          control: { action: "dereferenced", reason: "Barrière" },
        },
      });
    });
    expect(await pendingFor(d.id)).toHaveLength(3);
    await dispatchPending();
    expect(await pendingFor(d.id)).toEqual([]);
    expect(await notificationsOf(of.users[0]!.id)).toEqual([
      { kind: "control.dereferenced", payload: { dossier_id: d.id, reason: "Barrière" } },
    ]);
  });
});
