import { join as joinPath } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort, startServer, type RunningServer } from "../../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createDatabase } from "../../../db/client";
import { connectLive, connected, join, login, nextEvent, queueDossiers, type LiveClient } from "./helpers";
import { BARRIER_TIMEOUT_MS } from "../../setup/barrier";

/**
 * Presence sessions are rows (who, where, from, to): closed when a socket leaves, when the instance
 * stops, and — after a crash — when it starts again.
 */
describe("presence sessions in the database", () => {
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

  it("records sessions and closes them on leave, on shutdown and on restart after a crash", async () => {
    const env: Record<string, string> = database?.url ? { DATABASE_URL: database.url } : {};
    const port = await findFreePort();
    server = await startServer({ env, port });
    const dataDir = server.dataDir;
    const open = async (email: string) => {
      const socket = connectLive(server!.url, (await login(server!.url, email)).cookieHeader());
      sockets.push(socket);
      await connected(socket);
      return socket;
    };
    const dossierId = [...(await queueDossiers(await login(server.url, "alice@financeur-a.demo")))].find(([n]) =>
      n.startsWith("Rhône"),
    )![1];

    // First run: alice on the dossier, then the process dies without closing anything.
    let coordination = await open("coordination@datadock.demo");
    expect(await coordination.timeout(BARRIER_TIMEOUT_MS).emitWithAck("activity:watch")).toEqual({ ok: true });
    const alice = await open("alice@financeur-a.demo");
    const aliceJoined = nextEvent(coordination, "activity:event", (e) => e.kind === "join" && e.actorName === "Alice Martin");
    await join(alice, dossierId);
    await aliceJoined; // recorded after her session row
    server.kill();
    await new Promise<void>((resolve) => server!.proc.once("exit", () => resolve()));
    for (const socket of sockets.splice(0)) socket.disconnect();

    // Second run on the same instance (host and port): bruno joins and leaves, then a clean stop.
    server = await startServer({ env, port, dataDir });
    coordination = await open("coordination@datadock.demo");
    expect(await coordination.timeout(BARRIER_TIMEOUT_MS).emitWithAck("activity:watch")).toEqual({ ok: true });
    const bruno = await open("bruno@financeur-a.demo");
    const brunoJoined = nextEvent(coordination, "activity:event", (e) => e.kind === "join" && e.actorName === "Bruno Lefèvre");
    await join(bruno, dossierId);
    await brunoJoined;
    const brunoLeft = nextEvent(coordination, "activity:event", (e) => e.kind === "leave" && e.actorName === "Bruno Lefèvre");
    bruno.emit("dossier:leave", dossierId);
    await brunoLeft;
    expect(await server.stop()).toBe(0);
    server = undefined;
    for (const socket of sockets.splice(0)) socket.disconnect();

    const handle = createDatabase({ databaseUrl: database?.url, pgliteDir: joinPath(dataDir, "pglite") });
    try {
      const rows = await handle.db
        .selectFrom("presence_sessions")
        .innerJoin("users", "users.id", "presence_sessions.user_id")
        .select(["users.email", "place", "dossier_id", "started_at", "ended_at", "end_reason"])
        .orderBy("presence_sessions.id")
        .execute();
      const of = (email: string, place: string) => rows.filter((r) => r.email === email && r.place === place);
      // Alice's portal and dossier sessions were left open by the crash and closed at restart.
      expect(of("alice@financeur-a.demo", "dossier")).toEqual([expect.objectContaining({ dossier_id: dossierId, end_reason: "restart" })]);
      expect(of("alice@financeur-a.demo", "portal").map((r) => r.end_reason)).toEqual(["restart"]);
      // Bruno left the dossier himself; his connection ended with the shutdown.
      expect(of("bruno@financeur-a.demo", "dossier").map((r) => r.end_reason)).toEqual(["left"]);
      expect(of("bruno@financeur-a.demo", "portal").map((r) => r.end_reason)).toEqual(["shutdown"]);
      for (const row of rows) {
        expect(row.ended_at).not.toBeNull();
        expect(new Date(row.ended_at!).getTime()).toBeGreaterThanOrEqual(new Date(row.started_at).getTime());
      }
    } finally {
      await handle.close();
    }
  }, 240_000); // two server starts
});
