import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { connectLive, connected, htmlText, join, login, nextEvent, queueDossiers, type LiveClient } from "./helpers";
import type { CommitteeMarkedEvent, CommitteeMovedEvent, CommitteeProposedEvent } from "../../../collab/shared/events";
import { BARRIER_TIMEOUT_MS } from "../../setup/barrier";

/**
 * Live presence with place and activity, and committee mode over socket.io (issue 13, decision record 035),
 * with real clients on the real server and the demo data: Rhône Formation Pro's dossier is examined by
 * alice with bruno as co-examiner; chloe (Financeur B) only reviews; contact@of-rhone is the OF.
 */
describe("review room live: presence place and committee", () => {
  let database: TestDatabase | undefined;
  let server: RunningServer;
  let rhoneDossier: string;
  const cookies: Record<string, string> = {};
  const sockets: LiveClient[] = [];
  const open = async (who: string) => {
    const socket = connectLive(server.url, cookies[who]!);
    sockets.push(socket);
    await connected(socket);
    expect(await join(socket, rhoneDossier)).toEqual({ ok: true });
    return socket;
  };

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    const env: Record<string, string> = database.url ? { DATABASE_URL: database.url } : {};
    const started = await startServer({ env });
    const alice = await login(started.url, "alice@financeur-a.demo");
    const rhone = [...(await queueDossiers(alice))].find(([name]) => name.startsWith("Rhône"))?.[1];
    if (!rhone) throw new Error("no Rhône dossier in alice's queue");
    rhoneDossier = rhone;
    server = started;
    // Chloe (not a decider) cannot open a committee; alice opens one through the examination page and chairs it.
    const chloe = await login(server.url, "chloe@financeur-b.demo");
    expect((await chloe.postForm(`/financeur/examens/${rhoneDossier}`, { intent: "committee-start" })).status).toBe(403);
    // Opened: back to the room with a toast.
    expect((await alice.postForm(`/financeur/examens/${rhoneDossier}`, { intent: "committee-start" })).status).toBe(302);
    const again = await alice.postForm(`/financeur/examens/${rhoneDossier}`, { intent: "committee-start" });
    expect(again.status).toBe(409);
    expect(htmlText(await again.text())).toContain("Une séance de comité est déjà ouverte sur ce dossier.");
    for (const email of ["alice@financeur-a.demo", "bruno@financeur-a.demo", "chloe@financeur-b.demo", "contact@of-rhone.demo"]) {
      cookies[email.split("@")[0]!] = (await login(server.url, email)).cookieHeader() ?? "";
    }
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  it("shows the indicator a person has open and what they do there; refuses a malformed place", async () => {
    const alice = await open("alice");
    const bruno = await open("bruno");
    const seen = nextEvent(alice, "presence:state", (p) =>
      p.members.some((m) => /Bruno/.test(m.name) && m.indicator === "6.1" && m.activity === "writing-notes"),
    );
    expect(
      await bruno
        .timeout(BARRIER_TIMEOUT_MS)
        .emitWithAck("presence:indicator", { dossierId: rhoneDossier, indicatorCode: "6.1", activity: "writing-notes" }),
    ).toEqual({
      ok: true,
    });
    await seen;
    const deciding = nextEvent(alice, "presence:state", (p) =>
      p.members.some((m) => /Bruno/.test(m.name) && m.indicator === "2.1" && m.activity === "deciding"),
    );
    bruno.emit("presence:indicator", { dossierId: rhoneDossier, indicatorCode: "2.1", activity: "deciding" });
    await deciding;

    const invalid = { ok: false, error: "invalid" };
    for (const bad of [
      { dossierId: rhoneDossier, indicatorCode: "2.1", activity: "sleeping" },
      { dossierId: rhoneDossier, indicatorCode: "<script>" },
      { dossierId: "not-a-uuid", indicatorCode: "2.1" },
      "2.1",
    ]) {
      expect(await bruno.timeout(BARRIER_TIMEOUT_MS).emitWithAck("presence:indicator", bad as never)).toEqual(invalid);
    }
    // Not in that dossier's room: refused.
    expect(
      await bruno
        .timeout(BARRIER_TIMEOUT_MS)
        .emitWithAck("presence:indicator", { dossierId: "00000000-0000-4000-8000-000000000000", indicatorCode: "1.1" }),
    ).toEqual({ ok: false, error: "forbidden" });
    // The older payload (indicator, no activity) still works: reading.
    const older = nextEvent(alice, "presence:state", (p) =>
      p.members.some((m) => /Bruno/.test(m.name) && m.indicator === "3.1" && m.activity === "reading"),
    );
    bruno.emit("presence:indicator", { dossierId: rhoneDossier, indicator: "3.1" });
    await older;
  });

  it("lets the chair move the committee; refuses anyone else with an error ack; the OF hears nothing", async () => {
    const [alice, bruno, chloe, of] = [await open("alice"), await open("bruno"), await open("chloe"), await open("contact")];
    const ofHeard: string[] = [];
    of.onAny((event: string) => {
      if (event.startsWith("committee:")) ofHeard.push(event);
    });

    const move = (socket: LiveClient, payload: unknown) =>
      socket.timeout(BARRIER_TIMEOUT_MS).emitWithAck("committee:move", payload as never);
    expect(await move(bruno, { dossierId: rhoneDossier, indicatorCode: "2.1" })).toEqual({ ok: false, error: "forbidden" });
    expect(await move(of, { dossierId: rhoneDossier, indicatorCode: "2.1" })).toEqual({ ok: false, error: "forbidden" });
    expect(await move(alice, { dossierId: rhoneDossier, indicatorCode: "" })).toEqual({ ok: false, error: "invalid" });
    expect(await move(alice, { dossierId: rhoneDossier })).toEqual({ ok: false, error: "invalid" });

    const followers = [bruno, chloe].map((s) => nextEvent(s, "committee:moved", (e: CommitteeMovedEvent) => e.indicatorCode === "4.2"));
    expect(await move(alice, { dossierId: rhoneDossier, indicatorCode: "4.2" })).toEqual({ ok: true });
    for (const moved of await Promise.all(followers)) {
      expect(moved).toMatchObject({ dossierId: rhoneDossier, indicatorCode: "4.2", byName: expect.stringMatching(/Alice/) });
    }

    // The chair proposes a decision: the members hear it; nobody else may propose.
    const propose = (socket: LiveClient, payload: unknown) =>
      socket.timeout(BARRIER_TIMEOUT_MS).emitWithAck("committee:propose", payload as never);
    const proposal = { dossierId: rhoneDossier, indicatorCode: "4.2", decision: "valide" };
    expect(await propose(bruno, proposal)).toEqual({ ok: false, error: "forbidden" });
    expect(await propose(of, proposal)).toEqual({ ok: false, error: "forbidden" });
    expect(await propose(alice, { ...proposal, decision: "peut-être" })).toEqual({ ok: false, error: "invalid" });
    const heard = [bruno, chloe].map((s) => nextEvent(s, "committee:proposed", (e: CommitteeProposedEvent) => e.indicatorCode === "4.2"));
    expect(await propose(alice, proposal)).toEqual({ ok: true });
    for (const event of await Promise.all(heard))
      expect(event).toMatchObject({ decision: "valide", byName: expect.stringMatching(/Alice/) });

    // Marks: broadcast to the funders in the room; the OF's mark is refused; a bad mark is invalid.
    const mark = (socket: LiveClient, payload: unknown) =>
      socket.timeout(BARRIER_TIMEOUT_MS).emitWithAck("committee:mark", payload as never);
    const marked = nextEvent(alice, "committee:marked", (e: CommitteeMarkedEvent) => e.mark === "disagree");
    expect(await mark(chloe, { dossierId: rhoneDossier, indicatorCode: "4.2", decision: "valide", mark: "disagree" })).toEqual({
      ok: true,
    });
    expect(await marked).toMatchObject({ indicatorCode: "4.2", decision: "valide", mark: "disagree", name: expect.stringMatching(/Chlo/) });
    expect(await mark(of, { dossierId: rhoneDossier, indicatorCode: "4.2", decision: "valide", mark: "agree" })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await mark(bruno, { dossierId: rhoneDossier, indicatorCode: "4.2", decision: "valide", mark: "maybe" })).toEqual({
      ok: false,
      error: "invalid",
    });

    // A barrier the OF's socket does hear (the same room, after everything above), then nothing committee-related arrived.
    const barrier = nextEvent(of, "presence:state", (p) => p.members.some((m) => /Bruno/.test(m.name) && m.indicator === "9.9"));
    bruno.emit("presence:indicator", { dossierId: rhoneDossier, indicatorCode: "9.9" });
    await barrier;
    expect(ofHeard).toEqual([]);
  });

  it("sending the dossier back ends its committee: the reviewers' rooms reload, the OF hears no committee change", async () => {
    const [bruno, of] = [await open("bruno"), await open("contact")];
    const ofKinds: string[] = [];
    of.on("dossier:changed", (event) => ofKinds.push(event.kind));
    const alice = await login(server.url, "alice@financeur-a.demo");
    const room = `/financeur/examens/${rhoneDossier}`;
    const before = await (await alice.get(room)).text();
    expect(before).toContain('data-testid="committee-bar"');
    const indicatorId = /name="indicatorId" value="([0-9a-f-]{36})"/.exec(before)?.[1];
    if (!indicatorId) throw new Error("no decision form in the room");
    const decided = await alice.postForm(room, {
      intent: "decide",
      indicatorId,
      decision: "a_completer",
      reason: "Joindre le programme détaillé.",
      expectedVersion: "",
    });
    expect(decided.status).toBe(302);
    const version = /name="dossierVersion" value="(\d+)"/.exec(await (await alice.get(room)).text())?.[1];
    const ended = nextEvent(bruno, "dossier:changed", (e) => e.kind === "committee" && e.dossierId === rhoneDossier);
    const closed = await alice.postForm(room, { intent: "close", outcome: "send_back", message: "Merci", dossierVersion: version ?? "" });
    expect(closed.status).toBe(302);
    await ended;
    // A barrier the OF's socket hears after the committee's push, then: no committee change reached it.
    const barrier = nextEvent(of, "presence:state", (p) => p.members.some((m) => /Bruno/.test(m.name) && m.indicator === "8.8"));
    bruno.emit("presence:indicator", { dossierId: rhoneDossier, indicatorCode: "8.8" });
    await barrier;
    expect(ofKinds).toContain("status");
    expect(ofKinds).not.toContain("committee");
    expect(await (await alice.get(room)).text()).not.toContain('data-testid="committee-bar"');
  });
});
