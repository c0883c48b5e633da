import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { connectLive, connected, login, nextEvent, queueDossiers, type LiveClient } from "../live/helpers";
import type { JoinReply } from "../../../collab/shared/events";
import type { ThreadTypingEvent } from "../../../collab/shared/thread-events";
import { BARRIER_TIMEOUT_MS } from "../../setup/barrier";

/** Live threads over socket.io on the real server: who may watch, typing and change signals reach the right room only. */
describe("live threads (socket.io)", () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;
  let rhoneDossier: string;
  const cookies = new Map<string, string>();
  const sockets: LiveClient[] = [];

  async function open(email: string): Promise<LiveClient> {
    if (!cookies.has(email)) cookies.set(email, (await login(server.url, email)).cookieHeader()!);
    const socket = connectLive(server.url, cookies.get(email)!);
    sockets.push(socket);
    await connected(socket);
    return socket;
  }
  const watch = (socket: LiveClient, dossierId: string): Promise<JoinReply> =>
    socket.timeout(BARRIER_TIMEOUT_MS).emitWithAck("threads:watch", dossierId);
  /** Everything of those kinds a socket receives, to prove what it never got. */
  function record(socket: LiveClient) {
    const seen: string[] = [];
    socket.on("thread:typing", (e) => seen.push(`typing:${e.dossierId}:${e.code}:${e.name}`));
    socket.on("thread:changed", (e) => seen.push(`changed:${e.dossierId}:${e.code}:${e.kind}`));
    return seen;
  }

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    server = await startServer({ env: database.url ? { DATABASE_URL: database.url } : {} });
    const dossiers = await queueDossiers(await login(server.url, "alice@financeur-a.demo"));
    rhoneDossier = [...dossiers].find(([name]) => name.startsWith("Rhône"))![1];
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  it("lets the dossier's OF, funders and coordinators watch its threads; never another OF", async () => {
    const [rhone, garonne, alice, coordination] = await Promise.all([
      open("contact@of-rhone.demo"),
      open("contact@of-garonne.demo"),
      open("alice@financeur-a.demo"),
      open("coordination@datadock.demo"),
    ]);
    expect(await watch(rhone, rhoneDossier)).toEqual({ ok: true });
    expect(await watch(alice, rhoneDossier)).toEqual({ ok: true });
    expect(await watch(coordination, rhoneDossier)).toEqual({ ok: true });
    expect(await watch(garonne, rhoneDossier)).toEqual({ ok: false, error: "forbidden" });
    expect(await watch(garonne, "pas-un-uuid")).toEqual({ ok: false, error: "invalid" });
    expect(await watch(alice, "00000000-0000-4000-8000-000000000000")).toEqual({ ok: false, error: "forbidden" });
  });

  it("serves a thread over HTTP to its dossier's people only, and refuses bad input", async () => {
    const garonne = await login(server.url, "contact@of-garonne.demo");
    const rhone = await login(server.url, "contact@of-rhone.demo");
    const coordination = await login(server.url, "coordination@datadock.demo");
    const path = `/fils/${rhoneDossier}/1.1`;
    expect((await garonne.get(path)).status).toBe(404);
    expect((await garonne.postForm(path, { intent: "resolve" })).status).toBe(404);
    expect((await rhone.get(path)).status).toBe(200);
    expect((await rhone.postForm(path, { intent: "drop-table" })).status).toBe(400);
    expect((await rhone.get(`/fils/${rhoneDossier}/${encodeURIComponent("1.1' or 1=1")}`)).status).toBe(404);
    expect((await rhone.get(`/fils/pas-un-uuid/1.1`)).status).toBe(404);
    const refused = await coordination.postForm(path, { intent: "message", body: "La coordination s'invite" });
    expect(await refused.text()).toContain("threads.errors.cannotPost");
    expect(await (await rhone.get(path)).text()).not.toContain("La coordination s'invite");
  });

  it("shows the OF's typing to the funders watching that dossier, never to another OF", async () => {
    const [rhone, garonne, alice, chloe] = await Promise.all([
      open("contact@of-rhone.demo"),
      open("contact@of-garonne.demo"),
      open("alice@financeur-a.demo"),
      open("chloe@financeur-b.demo"),
    ]);
    await Promise.all([watch(rhone, rhoneDossier), watch(alice, rhoneDossier), watch(chloe, rhoneDossier)]);
    await watch(garonne, rhoneDossier); // refused
    const garonneSaw = record(garonne);
    const rhoneSaw = record(rhone);

    const atAlice = nextEvent(alice, "thread:typing", (e) => e.code === "1.1");
    const atChloe = nextEvent(chloe, "thread:typing", (e) => e.code === "1.1");
    rhone.emit("thread:typing", { dossierId: rhoneDossier, code: "1.1" });
    const typing: ThreadTypingEvent = await atAlice;
    expect(typing).toMatchObject({ dossierId: rhoneDossier, code: "1.1", role: "of" });
    expect(typing.name).toMatch(/Sofia Moreau/);
    expect((await atChloe).userId).toBe(typing.userId);

    // Garonne forges a typing signal into Rhône's threads: dropped (it is not watching them).
    garonne.emit("thread:typing", { dossierId: rhoneDossier, code: "1.2" });
    const next = nextEvent(alice, "thread:typing", () => true);
    alice.emit("thread:typing", { dossierId: rhoneDossier, code: "1.2" });
    const atRhone = await nextEvent(rhone, "thread:typing", (e) => e.code === "1.2");
    expect(atRhone.name).toMatch(/Alice/);
    chloe.emit("thread:typing", { dossierId: rhoneDossier, code: "2.1" });
    expect((await next).name).toMatch(/Chloé|Chloe/i); // not Garonne's forgery, nor alice's own
    // One more round trip with Garonne: anything sent to it before would have arrived first.
    expect(await watch(garonne, rhoneDossier)).toEqual({ ok: false, error: "forbidden" });
    expect(garonneSaw).toEqual([]);
    expect(rhoneSaw.filter((s) => s.startsWith("typing:")).length).toBeGreaterThanOrEqual(1);
    expect(rhoneSaw.every((s) => !/Sofia/.test(s))).toBe(true); // nobody hears themselves
  });

  it("the server tells a thread's watchers of each committed change (message, read, resolve); clients cannot forge one", async () => {
    const [rhone, alice] = await Promise.all([open("contact@of-rhone.demo"), open("alice@financeur-a.demo")]);
    await Promise.all([watch(rhone, rhoneDossier), watch(alice, rhoneDossier)]);
    const aliceSaw = record(alice);
    const rhoneSaw = record(rhone);

    // A forged change from a client goes nowhere (the event is not accepted from clients).
    (rhone as unknown as { emit(event: string, payload: unknown): void }).emit("thread:changed", {
      dossierId: rhoneDossier,
      code: "1.1",
      kind: "message",
    });

    // The OF posts a message over HTTP: after the commit, the server tells alice.
    const ofHttp = await login(server.url, "contact@of-rhone.demo");
    const message = nextEvent(alice, "thread:changed", (e) => e.code === "1.3" && e.kind === "message");
    await ofHttp.postForm("/organisme/dossier/indicateur/1.3", { intent: "message", body: `Réponse ${Date.now()}` });
    expect(await message).toMatchObject({ dossierId: rhoneDossier, code: "1.3", kind: "message" });

    // Alice reads it, then resolves the thread: the OF hears both.
    const aliceHttp = await login(server.url, "alice@financeur-a.demo");
    const read = nextEvent(rhone, "thread:changed", (e) => e.code === "1.3" && e.kind === "read");
    expect((await aliceHttp.postForm(`/fils/${rhoneDossier}/1.3`, { intent: "read" })).status).toBe(200);
    await read;
    const resolved = nextEvent(rhone, "thread:changed", (e) => e.code === "1.3" && e.kind === "state");
    expect((await aliceHttp.postForm(`/fils/${rhoneDossier}/1.3`, { intent: "resolve" })).status).toBe(200);
    await resolved;

    // Only this thread's changes count here: the earlier test's reads of 1.1 (GET /fils/…/1.1) are
    // dispatched after their commit and may still arrive under load (CI saw them).
    expect(aliceSaw.filter((s) => s.startsWith(`changed:${rhoneDossier}:1.3:`))).toEqual([
      `changed:${rhoneDossier}:1.3:message`,
      `changed:${rhoneDossier}:1.3:read`,
      `changed:${rhoneDossier}:1.3:state`,
    ]);
    // The forged message change reached nobody.
    expect([...rhoneSaw, ...aliceSaw].filter((s) => s.endsWith(":1.1:message"))).toEqual([]);
  });
});
