import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createOf, createOrganisationWithUser, createReferentiel } from "../of-dossiers/fixtures";
import { getOrCreateOfDossier } from "../../../domain/dossiers/dossier-access";
import { postOfMessage } from "../../../domain/threads/of-threads.service";
import { postFunderMessage } from "../../../domain/threads/funder-threads.service";
import { markThreadRead, unreadByIndicator } from "../../../domain/threads/thread-reads.service";
import { setThreadResolved } from "../../../domain/threads/thread-state.service";
import { dossierThreadSummaries, loadThreadPanel, threadSummaryOf } from "../../../domain/threads/thread-view.service";
import { mentionedParticipants } from "../../../domain/threads/mentions";
import { listNotifications, unreadCount } from "../../../domain/notifications/notifications.service";
import { isDomainError } from "../../../domain/errors";
import type { Actor } from "../../../domain/permissions/actor";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { startTestDispatcher } from "../../setup/event-dispatcher";
import { memoryMailer } from "../../factories/records";

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return `${error.kind}:${error.messageKey}`;
    throw error;
  }
  return "ok";
}

/** Live threads' rules, on the real database: mentions, read state, resolve/reopen, and no OF reaching another's thread. */
describe("corrective-action threads", () => {
  let t: TestDatabase;
  let ofA: Awaited<ReturnType<typeof createOf>>;
  let ofB: Awaited<ReturnType<typeof createOf>>;
  let memberA: Actor;
  let funder: Actor;
  let otherFunder: Actor;
  let coordinator: Actor;
  let dossierA: string;
  let dossierB: string;
  let dispatcher: EventDispatcher;
  const nameOf = (actor: Actor) => actor.fullName;
  const kinds = async (userId: string) => (await listNotifications(t.db, userId)).map((n) => n.kind);

  beforeAll(async () => {
    t = await createTestDatabase();
    // Thread notifications are written from the message's event, after the commit (decision 030).
    dispatcher = await startTestDispatcher(t.db, { mailer: memoryMailer() });
    await createReferentiel(t.db);
    ofA = await createOf(t.db, "OF A");
    ofB = await createOf(t.db, "OF B");
    // A second member (not admin) of OF A.
    const extra = await createOrganisationWithUser(t.db, "of", "of_member", "Jetable");
    await t.db.deleteFrom("memberships").where("user_id", "=", extra.userId).execute();
    await t.db
      .insertInto("memberships")
      .values({ user_id: extra.userId, organisation_id: ofA.organisationId, role: "of_member" })
      .execute();
    memberA = {
      ...extra.actor,
      memberships: [{ ...extra.actor.memberships[0]!, organisationId: ofA.organisationId, organisationName: "OF A" }],
    };
    funder = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Financeur 1")).actor;
    otherFunder = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Financeur 2")).actor;
    coordinator = (await createOrganisationWithUser(t.db, "coordination", "coordinator", "GIE")).actor;
    dossierA = (await getOrCreateOfDossier(t.db, ofA.organisationId, ofA.userId)).id;
    dossierB = (await getOrCreateOfDossier(t.db, ofB.organisationId, ofB.userId)).id;
    await t.db
      .updateTable("dossiers")
      .set({ status: "en_examen", examiner_id: funder.userId })
      .where("id", "in", [dossierA, dossierB])
      .execute();
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await t?.close();
  });

  it("recognises a whole participant name after @ only", () => {
    const people = [
      { id: "1", name: "Utilisateur 1", side: "of" as const },
      { id: "2", name: "Alice Martin", side: "funder" as const },
    ];
    expect(mentionedParticipants("Bonjour @Utilisateur 12", people, "x")).toEqual([]);
    expect(mentionedParticipants("Vu avec @alice martin, merci.", people, "x").map((p) => p.id)).toEqual(["2"]);
    expect(mentionedParticipants("@Utilisateur 1 et @Alice Martin", people, "2").map((p) => p.id)).toEqual(["1"]);
  });

  it("notifies mentioned participants only; naming someone who cannot see the thread notifies nobody", async () => {
    // The OF names the examiner, another OF's admin, an uninvolved funder and the coordinator.
    await postOfMessage(
      t.db,
      ofA,
      "1.1",
      `@${nameOf(funder)} voici la pièce. Cc @${nameOf(ofB.actor)} @${nameOf(otherFunder)} @${nameOf(coordinator)}`,
    );
    expect(await kinds(funder.userId)).toEqual(["mention"]);
    expect(await kinds(ofB.userId)).toEqual([]);
    expect(await kinds(otherFunder.userId)).toEqual([]);
    expect(await kinds(coordinator.userId)).toEqual([]);
    const [mention] = await listNotifications(t.db, funder.userId);
    expect(mention!.payload).toMatchObject({ code: "1.1", author: nameOf(ofA.actor), dossierId: dossierA });
    expect(await unreadCount(t.db, funder.userId)).toBe(1);

    // The funder answers naming the OF's member: a mention for them, the plain "new message" for the admin.
    await postFunderMessage(t.db, funder, dossierA, "1.1", `Merci. @${nameOf(memberA)} pouvez-vous compléter ?`);
    expect(await kinds(memberA.userId)).toEqual(["mention"]);
    expect(await kinds(ofA.userId)).toEqual(["message.posted"]);
    expect(await unreadCount(t.db, memberA.userId)).toBe(1);

    // The uninvolved funder is not a participant, so the list offered to the OF leaves them out.
    const panel = await loadThreadPanel(t.db, ofA.actor, dossierA, "1.1");
    expect(panel.participants.map((p) => p.name).sort()).toEqual([nameOf(funder), nameOf(memberA)].sort());
  });

  it("counts unread messages per user and marks a thread read; others see who read the last message", async () => {
    await postFunderMessage(t.db, funder, dossierA, "1.2", "Premier point");
    await postFunderMessage(t.db, funder, dossierA, "1.2", "Second point");
    expect(await unreadByIndicator(t.db, ofA.userId, dossierA)).toMatchObject({ "1.2": 2 });
    expect((await unreadByIndicator(t.db, funder.userId, dossierA))["1.2"]).toBeUndefined(); // one's own messages are read
    expect((await loadThreadPanel(t.db, ofA.actor, dossierA, "1.2")).unread).toBe(2);
    expect((await dossierThreadSummaries(t.db, ofA.actor, dossierA))["1.2"]).toEqual({
      code: "1.2",
      messages: 2,
      unread: 2,
      resolved: false,
    });

    // The review room's one-thread summary says the same as the dossier's, for each reader.
    const oneThread = async (actor: Actor) => {
      const { threadId } = await loadThreadPanel(t.db, actor, dossierA, "1.2");
      const dossier = await t.db
        .selectFrom("dossiers")
        .select(["organisation_id", "status"])
        .where("id", "=", dossierA)
        .executeTakeFirstOrThrow();
      return threadSummaryOf(t.db, actor, threadId!, dossier);
    };
    expect(await oneThread(ofA.actor)).toEqual({ code: "1.2", messages: 2, unread: 2, resolved: false });
    expect(await oneThread(funder)).toEqual({ code: "1.2", messages: 2, unread: 0, resolved: false });

    expect(await markThreadRead(t.db, ofA.actor, dossierA, "1.2")).toMatchObject({ messageId: expect.any(String) });
    expect((await unreadByIndicator(t.db, ofA.userId, dossierA))["1.2"]).toBeUndefined();
    expect((await oneThread(ofA.actor)).unread).toBe(0);
    expect((await loadThreadPanel(t.db, funder, dossierA, "1.2")).lastReadBy).toEqual([nameOf(ofA.actor)]);
    // The member has not read it yet.
    expect((await unreadByIndicator(t.db, memberA.userId, dossierA))["1.2"]).toBe(2);

    // A new message is unread again, and "lu par" now concerns the new last message.
    await postFunderMessage(t.db, funder, dossierA, "1.2", "Troisième point");
    expect((await unreadByIndicator(t.db, ofA.userId, dossierA))["1.2"]).toBe(1);
    expect((await loadThreadPanel(t.db, funder, dossierA, "1.2")).lastReadBy).toEqual([]);
    // Marking read on an empty thread does nothing.
    expect(await markThreadRead(t.db, ofA.actor, dossierA, "2.1")).toBeNull();
  });

  it("lets funders and the OF's admin resolve, the OF's members reopen, coordinators only read; keeps the history", async () => {
    await postOfMessage(t.db, ofA, "2.1", "Action corrective en cours");
    expect(await outcome(setThreadResolved(t.db, memberA, dossierA, "2.1", true))).toBe("forbidden:threads.errors.cannotResolve");
    expect(await outcome(setThreadResolved(t.db, coordinator, dossierA, "2.1", true))).toBe("forbidden:threads.errors.cannotResolve");
    expect(await outcome(setThreadResolved(t.db, funder, dossierA, "2.1", true))).toBe("ok");
    expect(await outcome(setThreadResolved(t.db, ofA.actor, dossierA, "2.1", true))).toBe("conflict:threads.errors.alreadyResolved");
    expect(await outcome(setThreadResolved(t.db, coordinator, dossierA, "2.1", false))).toBe("forbidden:threads.errors.cannotReopen");
    expect(await outcome(setThreadResolved(t.db, memberA, dossierA, "2.1", false))).toBe("ok");
    expect(await outcome(setThreadResolved(t.db, memberA, dossierA, "2.1", false))).toBe("conflict:threads.errors.alreadyOpen");
    expect(await outcome(setThreadResolved(t.db, ofA.actor, dossierA, "2.1", true))).toBe("ok");

    const panel = await loadThreadPanel(t.db, coordinator, dossierA, "2.1");
    expect(panel.resolved).toBe(true);
    expect(panel.canPost).toBe(false);
    expect(panel.history.map((h) => [h.kind, h.actorName, h.side])).toEqual([
      ["resolved", nameOf(funder), "funder"],
      ["reopened", nameOf(memberA), "of"],
      ["resolved", nameOf(ofA.actor), "of"],
    ]);
    expect((await dossierThreadSummaries(t.db, funder, dossierA))["2.1"]!.resolved).toBe(true);
    const events = await t.db
      .selectFrom("dossier_events")
      .select("kind")
      .where("dossier_id", "=", dossierA)
      .where("kind", "like", "thread.%")
      .execute();
    expect(events.map((e) => e.kind)).toEqual(["thread.resolved", "thread.reopened", "thread.resolved"]);
  });

  it("an OF never reaches another OF's thread by id; funders never reach a draft", async () => {
    await postOfMessage(t.db, ofB, "1.1", "Message de B");
    const before = await t.db.selectFrom("messages").select("id").execute();
    expect(await outcome(loadThreadPanel(t.db, ofA.actor, dossierB, "1.1"))).toBe("not_found:errors.notFound");
    expect(await outcome(markThreadRead(t.db, ofA.actor, dossierB, "1.1"))).toBe("not_found:errors.notFound");
    expect(await outcome(setThreadResolved(t.db, ofA.actor, dossierB, "1.1", true))).toBe("not_found:errors.notFound");
    expect(await outcome(dossierThreadSummaries(t.db, ofA.actor, dossierB))).toBe("not_found:errors.notFound");
    expect(await outcome(postFunderMessage(t.db, ofA.actor, dossierB, "1.1", "intrusion"))).toBe("not_found:errors.notFound");
    // Nor can an OF post as a funder in its own thread.
    expect(await outcome(postFunderMessage(t.db, ofA.actor, dossierA, "1.1", "déguisé"))).toBe("forbidden:threads.errors.cannotPost");
    expect(await t.db.selectFrom("messages").select("id").execute()).toHaveLength(before.length);
    expect(await t.db.selectFrom("thread_reads").select("user_id").where("user_id", "=", ofA.userId).execute()).toHaveLength(1);

    await t.db.updateTable("dossiers").set({ status: "brouillon" }).where("id", "=", dossierB).execute();
    expect(await outcome(loadThreadPanel(t.db, funder, dossierB, "1.1"))).toBe("not_found:errors.notFound");
    expect(await outcome(postFunderMessage(t.db, funder, dossierB, "1.1", "trop tôt"))).toBe("not_found:errors.notFound");
    expect((await loadThreadPanel(t.db, ofB.actor, dossierB, "1.1")).messages.map((m) => m.body)).toEqual(["Message de B"]);
  });
});
