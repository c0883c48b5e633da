import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import type { LookupAddress } from "node:dns";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { makeOrganisation } from "../../factories/records";
import { listWebhooks, registerWebhook } from "../../../domain/webhooks/webhooks.service";
import { deliverDue } from "../../../domain/webhooks/dispatcher";
import { isPublicAddress, type ResolveAll } from "../../../domain/webhooks/egress";
import { translate } from "../../../domain/i18n/translate";

// Workplace rule: the only traffic these tests send goes to 127.0.0.1. Refusals are checked by
// the receiver never seeing a connection; public addresses are only ever classified, never dialled.

/** A resolver for made-up names (never asks DNS): every name resolves to 127.0.0.1. */
function loopbackResolver(): ResolveAll & { calls: string[] } {
  const calls: string[] = [];
  const resolve = ((hostname: string, _options: unknown, callback: (err: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) => {
    calls.push(hostname);
    queueMicrotask(() => callback(null, [{ address: "127.0.0.1", family: 4 }]));
  }) as ResolveAll & { calls: string[] };
  resolve.calls = calls;
  return resolve;
}

describe("webhook egress", () => {
  let t: TestDatabase;
  let server: Server;
  let port: number;
  let connections = 0;
  const paths: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    server = createServer((req, res) => {
      paths.push(req.url ?? "");
      req.resume();
      req.on("end", () => {
        if (req.url === "/redirect") res.writeHead(302, { Location: `http://127.0.0.1:${port}/landing` }).end();
        else res.writeHead(204).end();
      });
    });
    server.on("connection", () => (connections += 1));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await t?.close();
  });
  beforeEach(() => {
    connections = 0;
    paths.length = 0;
  });

  async function funderAdmin() {
    const funder = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    return { funderId: funder.id, actor: funder.users[0]!.actor };
  }

  /** A webhook stored as if registered earlier (when its name may have resolved elsewhere), with one due delivery. */
  async function storedHookWithDelivery(funderId: string, url: string) {
    const hook = await t.db
      .insertInto("webhooks")
      .values({ funder_id: funderId, url, secret: "s".repeat(32), events: ["catalogue.changed"] })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("webhook_deliveries").values({ webhook_id: hook.id, event: "catalogue.changed", payload: "{}" }).execute();
    return hook.id;
  }

  const lastError = (hookId: string) =>
    t.db
      .selectFrom("webhook_deliveries")
      .select(["status", "last_error", "last_status_code"])
      .where("webhook_id", "=", hookId)
      .executeTakeFirstOrThrow();

  it("classifies addresses with ipaddr.js: only public unicast passes", () => {
    for (const inside of [
      "127.0.0.1",
      "127.1.2.3",
      "10.0.0.1",
      "172.16.5.4",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fe80::1",
      "fc00::1",
      "fd00:ec2::254",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:10.0.0.1",
      "2002:7f00:1::",
      "64:ff9b::7f00:1",
      "not an address",
    ]) {
      expect(isPublicAddress(inside), inside).toBe(false);
    }
    for (const outside of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:93.184.216.34"]) {
      expect(isPublicAddress(outside), outside).toBe(true);
    }
  });

  it("refuses inside destinations at registration with a French field error, storing nothing", async () => {
    const { funderId, actor } = await funderAdmin();
    const resolve = loopbackResolver();
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://10.0.0.1/hook",
      "http://[::1]:3000/",
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/",
      "http://[::ffff:127.0.0.1]/",
      "http://2130706433/",
      "http://100.64.0.1/",
      "http://0.0.0.0:22/",
      "http://localhost:5432/",
      "https://intranet.example.test/hook", // resolves to 127.0.0.1 through the injected resolver
    ]) {
      await expect(registerWebhook(t.db, actor, { funderId, url, events: ["catalogue.changed"] }, { resolve }), url).rejects.toMatchObject({
        kind: "validation",
        fieldErrors: { url: ["webhooks.insideUrl"] },
      });
    }
    expect(resolve.calls).toContain("intranet.example.test");
    expect(translate("webhooks.insideUrl")).toMatch(/réseau interne/);
    const stored = await t.db.selectFrom("webhooks").select("id").where("funder_id", "=", funderId).execute();
    expect(stored).toEqual([]);
    expect(connections).toBe(0);
  });

  it("refuses, after resolution and before connecting, a delivery to a name that now resolves to loopback", async () => {
    const { funderId, actor } = await funderAdmin();
    const hookId = await storedHookWithDelivery(funderId, `http://rebound.example.test:${port}/hook`);
    const resolve = loopbackResolver();
    expect(await deliverDue(t.db, { egress: { resolve } })).toEqual({ delivered: 0, failed: 1 });
    expect(resolve.calls).toEqual(["rebound.example.test"]);
    expect(connections).toBe(0);
    expect(await lastError(hookId)).toEqual({ status: "pending", last_error: "refused_destination", last_status_code: null });

    // The admin sees a generic failure only: no status code, no error text, no retry time.
    const log = await listWebhooks(t.db, actor, funderId);
    expect(Object.keys(log.deliveries[0]!).sort()).toEqual(["attempts", "createdAt", "event", "id", "status", "webhookId"]);

    // Control: allow-listed, the same delivery reaches the receiver, at the address the checked lookup gave.
    await t.db
      .updateTable("webhook_deliveries")
      .set({ next_attempt_at: new Date(0) })
      .where("webhook_id", "=", hookId)
      .execute();
    expect(await deliverDue(t.db, { egress: { resolve, allowedHosts: ["rebound.example.test"] } })).toEqual({ delivered: 1, failed: 0 });
    expect(resolve.calls).toEqual(["rebound.example.test", "rebound.example.test"]);
    expect(paths).toEqual(["/hook"]);
  });

  it("refuses a stored loopback literal and localhost at delivery, whatever was registered", async () => {
    const { funderId } = await funderAdmin();
    const literal = await storedHookWithDelivery(funderId, `http://127.0.0.1:${port}/hook`);
    const mapped = await storedHookWithDelivery(funderId, `http://[::ffff:127.0.0.1]:${port}/hook`);
    const named = await storedHookWithDelivery(funderId, `http://localhost:${port}/hook`);
    expect(await deliverDue(t.db)).toEqual({ delivered: 0, failed: 3 });
    expect(connections).toBe(0);
    for (const id of [literal, mapped, named]) expect((await lastError(id)).last_error).toBe("refused_destination");
  });

  it("takes a delivery due within the current millisecond (the column keeps microseconds, a JS clock only milliseconds)", async () => {
    const { funderId } = await funderAdmin();
    const hookId = await storedHookWithDelivery(funderId, `http://127.0.0.1:${port}/hook`);
    // Now, to the millisecond, then half a millisecond later in the row: due at `at`.
    const at = Date.now();
    const dueAt = `${new Date(at).toISOString().slice(0, -1)}500Z`;
    await t.db
      .updateTable("webhook_deliveries")
      .set({ next_attempt_at: sql<Date>`${dueAt}::timestamptz` })
      .where("webhook_id", "=", hookId)
      .execute();
    expect(await deliverDue(t.db, { now: () => at })).toEqual({ delivered: 0, failed: 1 });
    expect(connections).toBe(0);
  });

  it("follows no redirect: a 3xx is a failed delivery and the target is never requested", async () => {
    const { funderId, actor } = await funderAdmin();
    const hook = await registerWebhook(
      t.db,
      actor,
      { funderId, url: `http://127.0.0.1:${port}/redirect`, events: ["catalogue.changed"] },
      { allowedHosts: ["127.0.0.1"] },
    );
    await t.db.insertInto("webhook_deliveries").values({ webhook_id: hook.id, event: "catalogue.changed", payload: "{}" }).execute();
    expect(await deliverDue(t.db, { egress: { allowedHosts: ["127.0.0.1"] } })).toEqual({ delivered: 0, failed: 1 });
    expect(paths).toEqual(["/redirect"]);
    expect(await lastError(hook.id)).toEqual({ status: "pending", last_error: "non_2xx", last_status_code: 302 });
  });
});
