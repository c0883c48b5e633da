import { hostname } from "node:os";
import { join as joinPath } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort, startServer, type RunningServer } from "../../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createDatabase } from "../../../db/client";
import { inTransaction } from "../../../db/transaction";
import { recordDomainEvent } from "../../../domain/events/record-event";
import { connectLive, connected, login, queueDossiers, type LiveClient } from "../live/helpers";
import { BARRIER_TIMEOUT_MS } from "../../setup/barrier";

/**
 * The real server, killed with SIGKILL: what was committed but not yet dispatched when it died is
 * dispatched when it starts again (decision 030) — the unclaimed event, and the one the killed run
 * had claimed (same instance id: host and port).
 */
describe("domain events survive a killed server", () => {
  let database: TestDatabase | undefined;
  let server: RunningServer | undefined;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
    await database?.close();
  });

  it("dispatches after a restart what a SIGKILLed run committed and never dispatched", async () => {
    const env: Record<string, string> = database?.url ? { DATABASE_URL: database.url } : {};
    const port = await findFreePort();
    server = await startServer({ env, port });
    const dataDir = server.dataDir;
    const dossierId = [...(await queueDossiers(await login(server.url, "alice@financeur-a.demo")))].find(([n]) =>
      n.startsWith("Rhône"),
    )![1];

    // The first run works (its events are dispatched at once), then dies without any cleanup.
    const coordination = connectLive(server.url, (await login(server.url, "coordination@datadock.demo")).cookieHeader());
    sockets.push(coordination);
    await connected(coordination);
    expect(await coordination.timeout(BARRIER_TIMEOUT_MS).emitWithAck("activity:watch")).toEqual({ ok: true });
    server.kill();
    await new Promise<void>((resolve) => server!.proc.once("exit", () => resolve()));
    expect(server.proc.signalCode).toBe("SIGKILL");
    coordination.disconnect();

    // What the killed run left: two committed events, one unclaimed, one claimed by that run.
    const handle = createDatabase({ databaseUrl: database?.url, pgliteDir: joinPath(dataDir, "pglite") });
    try {
      const dossier = await handle.db
        .selectFrom("dossiers")
        .select("organisation_id")
        .where("id", "=", dossierId)
        .executeTakeFirstOrThrow();
      const alice = await handle.db
        .selectFrom("users")
        .select("id")
        .where("email", "=", "alice@financeur-a.demo")
        .executeTakeFirstOrThrow();
      for (const label of ["Preuve non envoyée", "Preuve prise puis perdue"]) {
        await inTransaction(handle.db, (trx) =>
          recordDomainEvent(trx, {
            type: "evidence.changed",
            payload: {
              dossierId,
              organisationId: dossier.organisation_id,
              indicatorCode: "1.1",
              label,
              actor: { userId: alice.id, name: "Run interrompu" },
            },
          }),
        );
      }
      await handle.db
        .updateTable("domain_events")
        .set({ claimed_by: `${hostname()}:${port}`, claimed_at: new Date() })
        .where("dispatched_at", "is", null)
        .where(sql<string>`payload->>'label'`, "=", "Preuve prise puis perdue")
        .execute();
      expect(await handle.db.selectFrom("domain_events").select("id").where("dispatched_at", "is", null).execute()).toHaveLength(2);
    } finally {
      await handle.close();
    }

    // The restarted instance dispatches both before it listens: they are in the activity feed, once
    // (checked in the database after a clean stop, when nothing can arrive later).
    server = await startServer({ env, port, dataDir });
    const page = await (await login(server.url, "coordination@datadock.demo")).get("/coordination/activite");
    const html = await page.text();
    expect(html).toContain("Preuve non envoyée");
    expect(html).toContain("Preuve prise puis perdue");
    expect(await server.stop()).toBe(0);
    server = undefined;

    const after = createDatabase({ databaseUrl: database?.url, pgliteDir: joinPath(dataDir, "pglite") });
    try {
      expect(await after.db.selectFrom("domain_events").select("id").where("dispatched_at", "is", null).execute()).toEqual([]);
      const feed = await after.db
        .selectFrom("activity_events")
        .select("detail")
        .where("actor_name", "=", "Run interrompu")
        .orderBy("detail")
        .execute();
      expect(feed.map((r) => r.detail)).toEqual(["Preuve non envoyée", "Preuve prise puis perdue"]);
    } finally {
      await after.close();
    }
  }, 120_000); // two server start-ups on a loaded machine
});
