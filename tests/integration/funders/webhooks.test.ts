import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { makeDossier, makeOrganisation, makeReferentiel } from "../../factories/records";
import { registerWebhook, listWebhooks, disableWebhook } from "../../../domain/webhooks/webhooks.service";
import { deliverDue, backoffMs } from "../../../domain/webhooks/dispatcher";
import { verifySignature } from "../../../domain/webhooks/signature";
import { takeDossier } from "../../../domain/examination/take";
import { addToCatalogue } from "../../../domain/catalogues/catalogue.service";
import { dereference } from "../../../domain/controls/controls.service";
import { listActivity } from "../../../domain/collab/activity-feed.service";
import { recordDomainEvent } from "../../../domain/events/record-event";
import { inTransaction } from "../../../db/transaction";
import { webhookHandler } from "../../../server/events/webhook-handler";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { startTestDispatcher, switchableMailer } from "../../setup/event-dispatcher";

// The receivers here listen on loopback: the allow-list (WEBHOOK_ALLOWED_HOSTS in the server) lets them in.
const egress = { allowedHosts: ["127.0.0.1"] };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe("webhooks", () => {
  let t: TestDatabase;
  let dispatcher: EventDispatcher;
  let server: Server;
  let url: string;
  const received: Received[] = [];
  let failNext = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    // Deliveries are queued from domain events, after the commit (decision 030).
    dispatcher = await startTestDispatcher(t.db, { mailer: switchableMailer(), handlers: [webhookHandler(t.db)] });
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        if (failNext > 0) {
          failNext -= 1;
          res.writeHead(500).end();
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await new Promise((r) => server.close(r));
    await t?.close();
  });

  it("POSTs signed events, retries with backoff after a failure, and logs deliveries", async () => {
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const funderA = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    const funderB = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    const adminA = funderA.users[0]!.actor;
    const adminB = funderB.users[0]!.actor;
    await expect(registerWebhook(t.db, adminB, { funderId: funderA.id, url, events: ["catalogue.changed"] })).rejects.toMatchObject({
      kind: "forbidden",
    });
    const hookA = await registerWebhook(
      t.db,
      adminA,
      { funderId: funderA.id, url, events: ["dossier.status_changed", "catalogue.changed"] },
      egress,
    );
    await registerWebhook(t.db, adminB, { funderId: funderB.id, url: `${url}?b`, events: ["catalogue.changed"] }, egress);

    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    const d = await makeDossier(t.db, of, ref);
    failNext = 1;
    await takeDossier(t.db, adminA, d.id);
    let clock = Date.now() + 1000;
    expect(await deliverDue(t.db, { now: () => clock, egress })).toEqual({ delivered: 0, failed: 1 });
    let log = await listWebhooks(t.db, adminA, funderA.id);
    expect(log.deliveries[0]).toMatchObject({ event: "dossier.status_changed", status: "pending", attempts: 1 });
    const stored = async () =>
      t.db
        .selectFrom("webhook_deliveries")
        .select(["last_status_code", "last_error"])
        .where("id", "=", log.deliveries[0]!.id)
        .executeTakeFirstOrThrow();
    expect(await stored()).toEqual({ last_status_code: 500, last_error: "non_2xx" });
    expect(await deliverDue(t.db, { now: () => clock, egress })).toEqual({ delivered: 0, failed: 0 });
    clock += backoffMs(1) + 1;
    expect(await deliverDue(t.db, { now: () => clock, egress })).toEqual({ delivered: 1, failed: 0 });
    log = await listWebhooks(t.db, adminA, funderA.id);
    expect(log.deliveries[0]).toMatchObject({ status: "delivered", attempts: 2 });
    expect(await stored()).toEqual({ last_status_code: 204, last_error: null });

    expect(received).toHaveLength(2);
    const last = received[1]!;
    const ts = last.headers["datadock-timestamp"] as string;
    expect(verifySignature(hookA.secret, ts, last.body, last.headers["datadock-signature"] as string, 300, clock)).toBe(true);
    expect(verifySignature("whsec_other", ts, last.body, last.headers["datadock-signature"] as string, 300, clock)).toBe(false);
    expect(verifySignature(hookA.secret, ts, `${last.body} `, last.headers["datadock-signature"] as string, 300, clock)).toBe(false);
    expect(JSON.parse(last.body)).toMatchObject({
      event: "dossier.status_changed",
      data: { siret: of.siret, from: "soumis", to: "en_examen" },
    });

    // catalogue.changed goes to the funder whose catalogue changed only.
    await t.db.updateTable("dossiers").set({ status: "datadocke" }).where("id", "=", d.id).execute();
    await addToCatalogue(t.db, adminA, { funderId: funderA.id, organisationId: of.id });
    await deliverDue(t.db, { now: () => clock, egress });
    expect(received).toHaveLength(3);
    expect(received[2]!.headers["datadock-event"]).toBe("catalogue.changed");
    expect(received[2]!.headers.host).toBeDefined();
    const bLog = await listWebhooks(t.db, adminB, funderB.id);
    expect(bLog.deliveries).toEqual([]);

    await disableWebhook(t.db, adminA, funderA.id, hookA.id);
    await addToCatalogue(t.db, adminB, { funderId: funderB.id, organisationId: of.id });
    await deliverDue(t.db, { now: () => clock, egress });
    expect(received.map((r) => r.headers["datadock-event"])).toEqual([
      "dossier.status_changed",
      "dossier.status_changed",
      "catalogue.changed",
      "catalogue.changed",
    ]);
  });

  it("gives up after the maximum number of attempts", async () => {
    const funder = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    const hook = await registerWebhook(
      t.db,
      funder.users[0]!.actor,
      { funderId: funder.id, url: "http://127.0.0.1:9/unreachable", events: ["catalogue.changed"] },
      egress,
    );
    await t.db
      .insertInto("webhook_deliveries")
      .values({ webhook_id: hook.id, event: "catalogue.changed", payload: "{}", attempts: 7 })
      .execute();
    expect(await deliverDue(t.db, { timeoutMs: 2000, egress })).toEqual({ delivered: 0, failed: 1 });
    const row = await t.db
      .selectFrom("webhook_deliveries")
      .select(["status", "attempts"])
      .where("webhook_id", "=", hook.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "failed", attempts: 8 });
  });

  it("queues deliveries from the committed event: none for a rollback, one per subscribed webhook once dispatched", async () => {
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const funder = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    const other = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    const admin = funder.users[0]!.actor;
    const subscribed = [
      await registerWebhook(t.db, admin, { funderId: funder.id, url: `${url}?1`, events: ["catalogue.changed"] }, egress),
      await registerWebhook(
        t.db,
        admin,
        { funderId: funder.id, url: `${url}?2`, events: ["catalogue.changed", "dossier.status_changed"] },
        egress,
      ),
    ];
    await registerWebhook(t.db, admin, { funderId: funder.id, url: `${url}?3`, events: ["dossier.status_changed"] }, egress);
    await registerWebhook(t.db, other.users[0]!.actor, { funderId: other.id, url: `${url}?4`, events: ["catalogue.changed"] }, egress);
    const datadocke = async () => {
      const of = await makeOrganisation(t.db, "of", ["of_admin"]);
      const d = await makeDossier(t.db, of, ref);
      await t.db.updateTable("dossiers").set({ status: "datadocke" }).where("id", "=", d.id).execute();
      return of;
    };
    type Body = { event: string; occurred_at: string; data: { organisation_id: string } };
    // jsonb: an object on PostgreSQL and PGlite alike; a string if a driver hands back text.
    const body = (payload: unknown) => (typeof payload === "string" ? JSON.parse(payload) : payload) as Body;
    const deliveries = async () =>
      t.db
        .selectFrom("webhook_deliveries")
        .innerJoin("webhooks", "webhooks.id", "webhook_deliveries.webhook_id")
        .select(["webhook_deliveries.webhook_id", "webhook_deliveries.payload"])
        .where("webhooks.funder_id", "in", [funder.id, other.id])
        .orderBy("webhook_deliveries.webhook_id")
        .execute();

    // A change that rolls back leaves no event, hence no delivery; the committed one after it is the barrier.
    const rolledBack = await datadocke();
    await expect(
      inTransaction(t.db, async (trx) => {
        await recordDomainEvent(trx, {
          type: "catalogue.changed",
          payload: { funderId: funder.id, organisationId: rolledBack.id, siret: null, action: "added", reason: null },
        });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const first = await datadocke();
    await addToCatalogue(t.db, admin, { funderId: funder.id, organisationId: first.id });
    const afterFirst = await deliveries();
    expect(afterFirst.map((r) => r.webhook_id).sort()).toEqual(subscribed.map((h) => h.id).sort());
    expect(afterFirst.map((r) => body(r.payload).data.organisation_id)).toEqual([first.id, first.id]);

    // The service queues nothing itself: with no dispatcher running, the event waits in the outbox.
    await dispatcher.stop();
    const second = await datadocke();
    await addToCatalogue(t.db, admin, { funderId: funder.id, organisationId: second.id });
    expect(await deliveries()).toHaveLength(2);
    const event = await t.db
      .selectFrom("domain_events")
      .select(["created_at", "dispatched_at"])
      .where("type", "=", "catalogue.changed")
      .where(sql<boolean>`payload->>'organisationId' = ${second.id}`)
      .executeTakeFirstOrThrow();
    expect(event.dispatched_at).toBeNull();

    // Dispatched (here by the start-up read of the outbox): one delivery per subscribed webhook, dated by the event.
    dispatcher = await startTestDispatcher(t.db, { mailer: switchableMailer(), handlers: [webhookHandler(t.db)] });
    const fromEvent = (await deliveries()).map((r) => body(r.payload)).filter((p) => p.data.organisation_id === second.id);
    expect(fromEvent).toHaveLength(2);
    for (const p of fromEvent) {
      expect(p).toMatchObject({ event: "catalogue.changed", occurred_at: new Date(event.created_at).toISOString() });
    }
  });

  it("a déréférencement announces its status change and catalogue removal, and stays out of the activity feed", async () => {
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const funder = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    const admin = funder.users[0]!.actor;
    const hook = await registerWebhook(
      t.db,
      admin,
      { funderId: funder.id, url: `${url}?control`, events: ["dossier.status_changed", "catalogue.changed"] },
      egress,
    );
    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    const d = await makeDossier(t.db, of, ref, { status: "datadocke" });
    await addToCatalogue(t.db, admin, { funderId: funder.id, organisationId: of.id });
    // The full dispatcher of the server (feed, notifications, webhooks) for this change.
    await dispatcher.stop();
    dispatcher = await startTestDispatcher(t.db, { mailer: switchableMailer() });
    await dereference(t.db, admin, { dossierId: d.id, reason: "Fraude avérée" });

    const queued = await t.db
      .selectFrom("webhook_deliveries")
      .select(["event", "payload"])
      .where("webhook_id", "=", hook.id)
      .orderBy("created_at")
      .orderBy("event", "desc")
      .execute();
    const bodies = queued.map((r) => (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as { data: object });
    expect(queued.map((r) => r.event).sort()).toEqual(["catalogue.changed", "catalogue.changed", "dossier.status_changed"]);
    expect(bodies.map((b) => b.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dossier_id: d.id, from: "datadocke", to: "dereference" }),
        expect.objectContaining({ organisation_id: of.id, action: "removed", reason: "Fraude avérée" }),
      ]),
    );
    const event = await t.db
      .selectFrom("domain_events")
      .select(["payload", "dispatched_at"])
      .where("type", "=", "dossier.status_changed")
      .where(sql<boolean>`payload->>'dossierId' = ${d.id}`)
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ cause: "control", from: "datadocke", to: "dereference" });
    expect(event.dispatched_at).not.toBeNull();
    expect(await listActivity(t.db, { dossier: d.id })).toEqual([]);
  });

  it("an event dispatched twice (its dispatcher died before marking it) queues each delivery once", async () => {
    const funder = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    const admin = funder.users[0]!.actor;
    const hooks = [
      await registerWebhook(t.db, admin, { funderId: funder.id, url: `${url}?twice-1`, events: ["catalogue.changed"] }, egress),
      await registerWebhook(t.db, admin, { funderId: funder.id, url: `${url}?twice-2`, events: ["catalogue.changed"] }, egress),
    ];
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    await makeDossier(t.db, of, ref, { status: "datadocke" });
    await dispatcher.stop();
    dispatcher = await startTestDispatcher(t.db, { mailer: switchableMailer(), handlers: [webhookHandler(t.db)] });
    await addToCatalogue(t.db, admin, { funderId: funder.id, organisationId: of.id });
    const queued = () =>
      t.db
        .selectFrom("webhook_deliveries")
        .select(["webhook_id", "domain_event_id"])
        .where(
          "webhook_id",
          "in",
          hooks.map((h) => h.id),
        )
        .execute();
    const once = await queued();
    expect(once.map((r) => r.webhook_id).sort()).toEqual(hooks.map((h) => h.id).sort());
    const event = await t.db
      .selectFrom("domain_events")
      .select(["id", "dispatched_at"])
      .where("type", "=", "catalogue.changed")
      .where(sql<boolean>`payload->>'organisationId' = ${of.id}`)
      .executeTakeFirstOrThrow();
    expect(event.dispatched_at).not.toBeNull();
    expect(once.map((r) => r.domain_event_id)).toEqual([event.id, event.id]);

    // What a dispatcher killed after its handlers ran, before marking the event, leaves: the event
    // unclaimed and undispatched. The next dispatch runs the webhook handler on it again.
    await t.db
      .updateTable("domain_events")
      .set({ dispatched_at: null, claimed_at: null, claimed_by: null })
      .where("id", "=", event.id)
      .execute();
    expect(await dispatcher.drainPending({ graceMs: 0 })).toBeGreaterThanOrEqual(1);
    const redispatched = await t.db
      .selectFrom("domain_events")
      .select("dispatched_at")
      .where("id", "=", event.id)
      .executeTakeFirstOrThrow();
    expect(redispatched.dispatched_at).not.toBeNull();
    expect((await queued()).map((r) => r.webhook_id).sort()).toEqual(hooks.map((h) => h.id).sort());
  });
});
