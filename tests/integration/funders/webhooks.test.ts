import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { makeDossier, makeOrganisation, makeReferentiel } from "../../factories/records";
import { registerWebhook, listWebhooks, disableWebhook } from "../../../domain/webhooks/webhooks.service";
import { deliverDue, backoffMs } from "../../../domain/webhooks/dispatcher";
import { verifySignature } from "../../../domain/webhooks/signature";
import { takeDossier } from "../../../domain/examination/take";
import { addToCatalogue } from "../../../domain/catalogues/catalogue.service";

// The receivers here listen on loopback: the allow-list (WEBHOOK_ALLOWED_HOSTS in the server) lets them in.
const egress = { allowedHosts: ["127.0.0.1"] };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe("webhooks", () => {
  let t: TestDatabase;
  let server: Server;
  let url: string;
  const received: Received[] = [];
  let failNext = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
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
});
