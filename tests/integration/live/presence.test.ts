import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import type { HttpClient } from "../../setup/http-client";
import { connectLive, connected, join, login, nextEvent, queueDossiers, type LiveClient } from "./helpers";
import { BARRIER_TIMEOUT_MS } from "../../setup/barrier";

/** socket.io presence on the real server: authentication, authorised joins, join/leave, thread messages after commit. */
describe("live presence (socket.io)", () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;
  let alice: HttpClient;
  let rhoneDossier: string;
  const sockets: LiveClient[] = [];
  const open = (cookie: string | null, origin?: string) => {
    const socket = connectLive(server.url, cookie, origin);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    server = await startServer({ env: database.url ? { DATABASE_URL: database.url } : {} });
    alice = await login(server.url, "alice@financeur-a.demo");
    const dossiers = await queueDossiers(alice);
    const rhone = [...dossiers].find(([name]) => name.startsWith("Rhône"));
    if (!rhone) throw new Error(`no Rhône dossier in the queue: ${[...dossiers.keys()].join(", ")}`);
    rhoneDossier = rhone[1];
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  it("refuses a connection without a session, with a bogus session and from another origin", async () => {
    await expect(connected(open(null))).rejects.toThrow("unauthenticated");
    await expect(connected(open("dd_session=not-a-token"))).rejects.toThrow("unauthenticated");
    await expect(connected(open(alice.cookieHeader(), "https://evil.example"))).rejects.toThrow();
    await connected(open(alice.cookieHeader(), server.url));
  });

  it("lets an OF join its own dossier's room only; funders and coordinators any", async () => {
    const garonne = open((await login(server.url, "contact@of-garonne.demo")).cookieHeader());
    const rhone = open((await login(server.url, "contact@of-rhone.demo")).cookieHeader());
    const coordination = open((await login(server.url, "coordination@datadock.demo")).cookieHeader());
    const chloe = open((await login(server.url, "chloe@financeur-b.demo")).cookieHeader());
    await Promise.all([garonne, rhone, coordination, chloe].map(connected));
    expect(await join(garonne, rhoneDossier)).toEqual({ ok: false, error: "forbidden" });
    expect(await join(garonne, "not-a-uuid")).toEqual({ ok: false, error: "invalid" });
    expect(await join(rhone, rhoneDossier)).toEqual({ ok: true });
    expect(await join(coordination, rhoneDossier)).toEqual({ ok: true });
    expect(await join(chloe, rhoneDossier)).toEqual({ ok: true });
    expect(await join(chloe, "00000000-0000-4000-8000-000000000000")).toEqual({ ok: false, error: "forbidden" });
    // An OF does not get the Activité feed.
    expect(await rhone.timeout(BARRIER_TIMEOUT_MS).emitWithAck("activity:watch")).toEqual({ ok: false, error: "forbidden" });
  });

  it("shows joins, the indicator each one is on, and leaves to the others in the room", async () => {
    const a = open(alice.cookieHeader());
    const bruno = await login(server.url, "bruno@financeur-a.demo");
    await connected(a);
    expect(await join(a, rhoneDossier)).toEqual({ ok: true });
    const names = (members: { name: string }[]) => members.map((m) => m.name);

    const b = open(bruno.cookieHeader());
    await connected(b);
    const seen = nextEvent(a, "presence:state", (p) => p.members.length === 2);
    await join(b, rhoneDossier);
    const both = await seen;
    expect(both.dossierId).toBe(rhoneDossier);
    expect(names(both.members).some((n) => /Bruno/.test(n))).toBe(true);

    const moved = nextEvent(a, "presence:state", (p) => p.members.some((m) => /Bruno/.test(m.name) && m.indicator === "2.1"));
    b.emit("presence:indicator", { dossierId: rhoneDossier, indicator: "2.1" });
    await moved;

    const left = nextEvent(a, "presence:state", (p) => p.members.length === 1);
    b.disconnect();
    expect(names((await left).members).some((n) => /Bruno/.test(n))).toBe(false);
  });

  it("feeds the coordinators' Activité with who is where", async () => {
    const coordination = open((await login(server.url, "coordination@datadock.demo")).cookieHeader());
    await connected(coordination);
    const a = open(alice.cookieHeader());
    await connected(a);
    const seen = nextEvent(coordination, "activity:state", (entries) =>
      entries.some((e) => /Alice/.test(e.name) && e.dossierId === rhoneDossier),
    );
    expect(await coordination.timeout(BARRIER_TIMEOUT_MS).emitWithAck("activity:watch")).toEqual({ ok: true });
    await join(a, rhoneDossier);
    const entries = await seen;
    expect(entries.find((e) => e.dossierId === rhoneDossier)?.dossierLabel).toMatch(/Rhône/);
  });

  it("pushes the OF's thread message to the funders in the dossier's room after it is stored", async () => {
    const a = open(alice.cookieHeader());
    const garonneClient = await login(server.url, "contact@of-garonne.demo");
    const outsider = open(garonneClient.cookieHeader());
    await Promise.all([connected(a), connected(outsider)]);
    await join(a, rhoneDossier);
    let leaked = false;
    outsider.on("thread:message", () => (leaked = true));

    const body = `Réponse en direct ${Date.now()}`;
    const received = nextEvent(a, "thread:message", (e) => e.body === body);
    const rhone = await login(server.url, "contact@of-rhone.demo");
    const posted = await rhone.postForm("/organisme/dossier/indicateur/1.1", { intent: "message", body });
    expect(posted.status).toBeLessThan(400);
    const event = await received;
    expect(event).toMatchObject({ dossierId: rhoneDossier, indicatorCode: "1.1", fromOf: true });
    // It is in the database already: the OF's page lists it.
    expect(await (await rhone.get("/organisme/dossier/indicateur/1.1")).text()).toContain(body);
    expect(leaked).toBe(false);
  });
});
