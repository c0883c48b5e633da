import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startServer, type RunningServer } from "../../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { connectLive, connected, join, login, nextEvent, queueDossiers, type LiveClient } from "./helpers";

const redisUrl = process.env.REDIS_URL;

/** Two instances over one PostgreSQL and one Redis: rooms and events span both (@socket.io/redis-adapter). */
describe.skipIf(!redisUrl || !process.env.DATABASE_URL)("live presence on two instances", () => {
  let database: TestDatabase;
  let first: RunningServer;
  let second: RunningServer;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    const env = { DATABASE_URL: database.url!, REDIS_URL: redisUrl! };
    first = await startServer({ env });
    second = await startServer({ env });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all([first?.stop(), second?.stop()]);
    await database?.close();
  });

  it("alice on one instance sees bruno on the other, and the OF's message posted on the second", async () => {
    const alice = await login(first.url, "alice@financeur-a.demo");
    const bruno = await login(second.url, "bruno@financeur-a.demo");
    const dossierId = [...(await queueDossiers(alice))].find(([name]) => name.startsWith("Rhône"))![1];
    const a = connectLive(first.url, alice.cookieHeader());
    const b = connectLive(second.url, bruno.cookieHeader());
    sockets.push(a, b);
    await Promise.all([connected(a), connected(b)]);
    await join(a, dossierId);
    const seen = nextEvent(a, "presence:state", (p) => p.members.some((m) => /Bruno/.test(m.name)));
    await join(b, dossierId);
    expect((await seen).members.length).toBe(2);

    const body = `Message inter-instances ${Date.now()}`;
    const received = nextEvent(a, "thread:message", (e) => e.body === body);
    const of = await login(second.url, "contact@of-rhone.demo");
    await of.postForm("/organisme/dossier/indicateur/1.2", { intent: "message", body });
    expect((await received).indicatorCode).toBe("1.2");
  });
  it("logging out everywhere on one instance closes the user's sockets on the other", async () => {
    const onFirst = await login(first.url, "bruno@financeur-a.demo");
    const onSecond = await login(second.url, "bruno@financeur-a.demo");
    const dossierId = [...(await queueDossiers(onSecond))].find(([name]) => name.startsWith("Rhône"))![1];
    const ws = new WebSocket(`${second.url.replace(/^http/, "ws")}/collab/dossier:${dossierId}:review`, {
      headers: { cookie: onSecond.cookieHeader()! },
    });
    const opened = new Promise<void>((resolve, reject) => {
      ws.once("message", () => resolve()); // the server's first sync step: the document is open
      ws.once("close", (code) => reject(new Error(`closed early with ${code}`)));
    });
    await opened;
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    const presence = connectLive(second.url, onSecond.cookieHeader());
    sockets.push(presence);
    await connected(presence);
    const dropped = new Promise<string>((resolve) => presence.once("disconnect", (reason) => resolve(reason)));

    const response = await onFirst.postForm("/deconnexion-partout", {});
    expect(response.status).toBe(302);
    expect(await closed).toBe(4403);
    expect(await dropped).toBe("io server disconnect");
  });
});
