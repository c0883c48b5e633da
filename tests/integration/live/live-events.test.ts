import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import type { HttpClient } from "../../setup/http-client";
import { connectLive, connected, examinationPage, htmlText, join, login, nextEvent, queueDossiers, type LiveClient } from "./helpers";
import { BARRIER_TIMEOUT_MS } from "../../setup/barrier";

/** Organisation rooms, dossier events after commit, and the stored activity feed, on the real server. */
describe("live events (socket.io) and the activity feed", () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;
  let alice: HttpClient;
  let rhoneDossier: string;
  let rhoneOrganisation: string;
  let atlantiqueOrganisation: string;
  let atlantiqueDossier: string;
  let indicators: Map<string, { id: string; expectedVersion: string }>;
  const sockets: LiveClient[] = [];
  const open = async (client: HttpClient) => {
    const socket = connectLive(server.url, client.cookieHeader());
    sockets.push(socket);
    await connected(socket);
    return socket;
  };
  const joinOrganisation = (socket: LiveClient, id: string) => socket.timeout(BARRIER_TIMEOUT_MS).emitWithAck("organisation:join", id);

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    server = await startServer({ env: database.url ? { DATABASE_URL: database.url } : {} });
    alice = await login(server.url, "alice@financeur-a.demo");
    const dossiers = await queueDossiers(alice);
    const find = (prefix: string) => [...dossiers].find(([name]) => name.startsWith(prefix))?.[1];
    rhoneDossier = find("Rhône")!;
    atlantiqueDossier = find("Atlantique")!;
    if (!rhoneDossier || !atlantiqueDossier) throw new Error(`demo dossiers missing: ${[...dossiers.keys()].join(", ")}`);
    ({ organisationId: rhoneOrganisation, indicators } = await examinationPage(alice, rhoneDossier));
    ({ organisationId: atlantiqueOrganisation } = await examinationPage(alice, atlantiqueDossier));
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  it("lets OF staff join their own organisation's room only; funders and coordinators any OF", async () => {
    const atlantique = await open(await login(server.url, "contact@of-atlantique.demo"));
    const chloe = await open(await login(server.url, "chloe@financeur-b.demo"));
    const coordination = await open(await login(server.url, "coordination@datadock.demo"));
    expect(await joinOrganisation(atlantique, rhoneOrganisation)).toEqual({ ok: false, error: "forbidden" });
    expect(await joinOrganisation(atlantique, "not-a-uuid")).toEqual({ ok: false, error: "invalid" });
    expect(await joinOrganisation(atlantique, atlantiqueOrganisation)).toEqual({ ok: true });
    expect(await joinOrganisation(chloe, rhoneOrganisation)).toEqual({ ok: true });
    expect(await joinOrganisation(coordination, atlantiqueOrganisation)).toEqual({ ok: true });
    // A funder's own organisation is no OF space; unknown ids are refused alike.
    expect(await joinOrganisation(chloe, "00000000-0000-4000-8000-000000000000")).toEqual({ ok: false, error: "forbidden" });

    // The room carries that OF's events only: Atlantique does not hear Rhône's messages.
    let leaked = false;
    atlantique.on("thread:message", () => (leaked = true));
    atlantique.on("dossier:changed", () => (leaked = true));
    const body = `Pour l'espace ${Date.now()}`;
    // Message bodies go to the dossier's room only (decision 021); the OF's space hears that it changed.
    let bodyInSpace = false;
    chloe.on("thread:message", () => (bodyInSpace = true));
    const changed = nextEvent(chloe, "dossier:changed", (e) => e.kind === "message" && e.organisationId === rhoneOrganisation);
    const rhone = await login(server.url, "contact@of-rhone.demo");
    expect((await rhone.postForm("/organisme/dossier/indicateur/1.1", { intent: "message", body })).status).toBeLessThan(400);
    expect((await changed).dossierId).toBe(rhoneDossier);
    expect(leaked).toBe(false);
    expect(bodyInSpace).toBe(false);
  });

  it("lets only the coordination watch the activity feed (canCoordinate, as on the Activité page)", async () => {
    const chloe = await open(await login(server.url, "chloe@financeur-b.demo"));
    const atlantique = await open(await login(server.url, "contact@of-atlantique.demo"));
    const coordination = await open(await login(server.url, "coordination@datadock.demo"));
    expect(await chloe.timeout(BARRIER_TIMEOUT_MS).emitWithAck("activity:watch")).toEqual({ ok: false, error: "forbidden" });
    expect(await atlantique.timeout(BARRIER_TIMEOUT_MS).emitWithAck("activity:watch")).toEqual({ ok: false, error: "forbidden" });
    expect(await coordination.timeout(BARRIER_TIMEOUT_MS).emitWithAck("activity:watch")).toEqual({ ok: true });
  });

  it("pushes a decision to the dossier's room (funders and the OF) once it is stored, and to the activity feed", async () => {
    const bruno = await open(await login(server.url, "bruno@financeur-a.demo"));
    const ofClient = await login(server.url, "contact@of-rhone.demo");
    const of = await open(ofClient);
    const coordination = await open(await login(server.url, "coordination@datadock.demo"));
    const outsider = await open(await login(server.url, "contact@of-atlantique.demo"));
    expect(await join(bruno, rhoneDossier)).toEqual({ ok: true });
    expect(await join(of, rhoneDossier)).toEqual({ ok: true });
    expect(await coordination.timeout(BARRIER_TIMEOUT_MS).emitWithAck("activity:watch")).toEqual({ ok: true });
    let leaked = false;
    outsider.on("dossier:changed", () => (leaked = true));

    const target = indicators.get("2.1") ?? [...indicators.values()][0]!;
    const code = [...indicators].find(([, v]) => v === target)![0];
    const toBruno = nextEvent(bruno, "dossier:changed", (e) => e.kind === "decision" && e.indicatorCode === code);
    const toOf = nextEvent(of, "dossier:changed", (e) => e.kind === "decision" && e.dossierId === rhoneDossier);
    const toFeed = nextEvent(coordination, "activity:event", (e) => e.kind === "decision" && e.indicatorCode === code);
    const posted = await alice.postForm(`/financeur/examens/${rhoneDossier}`, {
      intent: "decide",
      indicatorId: target.id,
      decision: "valide",
      reason: "",
      expectedVersion: target.expectedVersion,
    });
    expect(posted.status).toBeLessThan(400);

    const event = await toBruno;
    expect(event).toMatchObject({ dossierId: rhoneDossier, organisationId: rhoneOrganisation });
    // Nothing an OF may not see travels in the room event.
    expect(Object.keys(event).sort()).toEqual(["at", "dossierId", "indicatorCode", "kind", "organisationId"]);
    await toOf;
    // When the event arrives, the decision is committed: a reload shows it.
    const { indicators: after } = await examinationPage(alice, rhoneDossier);
    expect(after.get(code)!.expectedVersion).not.toBe(target.expectedVersion);
    const item = await toFeed;
    expect(item).toMatchObject({
      detail: "valide",
      dossierId: rhoneDossier,
      organisationName: expect.stringMatching(/Rhône/),
      actorName: "Alice Martin",
    });
    expect(item.actorOrganisationName).toMatch(/Financeur A/);
    expect(leaked).toBe(false);
  });

  it("pushes status changes and new evidence to the funders' open pages, after the commit", async () => {
    const chloe = await open(await login(server.url, "chloe@financeur-b.demo"));
    const bruno = await open(await login(server.url, "bruno@financeur-a.demo"));
    const coordination = await open(await login(server.url, "coordination@datadock.demo"));
    expect(await joinOrganisation(chloe, atlantiqueOrganisation)).toEqual({ ok: true }); // the OF's space
    expect(await join(bruno, rhoneDossier)).toEqual({ ok: true });
    expect(await coordination.timeout(BARRIER_TIMEOUT_MS).emitWithAck("activity:watch")).toEqual({ ok: true });

    // Alice takes the submitted Atlantique dossier: its space hears the status change.
    const taken = nextEvent(chloe, "dossier:changed", (e) => e.kind === "status" && e.dossierId === atlantiqueDossier);
    const takenInFeed = nextEvent(coordination, "activity:event", (e) => e.kind === "status" && e.dossierId === atlantiqueDossier);
    expect((await alice.postForm(`/financeur/examens/${atlantiqueDossier}`, { intent: "take" })).status).toBeLessThan(400);
    await taken;
    expect(await takenInFeed).toMatchObject({ detail: "en_examen", actorName: "Alice Martin" });
    expect(await (await alice.get(`/financeur/examens/${atlantiqueDossier}`)).text()).toContain("En examen");

    // Garonne (à compléter) adds a link to an indicator: a reviewer on its dossier and on its space hear it.
    const options = await (await (await login(server.url, "coordination@datadock.demo")).get("/coordination/activite")).text();
    const optionOf = (select: string) => {
      const list = options.split(`id="feed-${select}"`)[1]?.split("</select>")[0] ?? "";
      return /<option value="([0-9a-f-]{36})">Garonne Savoirs<\/option>/.exec(list)?.[1];
    };
    const garonneOrganisation = optionOf("organisation")!;
    const garonneDossier = optionOf("dossier")!;
    expect(garonneOrganisation).toMatch(/^[0-9a-f-]{36}$/);
    expect(garonneDossier).toMatch(/^[0-9a-f-]{36}$/);
    expect(await join(bruno, garonneDossier)).toEqual({ ok: true });
    expect(await joinOrganisation(chloe, garonneOrganisation)).toEqual({ ok: true });
    const evidence = nextEvent(bruno, "dossier:changed", (e) => e.kind === "evidence" && e.indicatorCode === "1.2");
    const inSpace = nextEvent(chloe, "dossier:changed", (e) => e.kind === "evidence" && e.organisationId === garonneOrganisation);
    const evidenceInFeed = nextEvent(coordination, "activity:event", (e) => e.kind === "evidence" && e.dossierId === garonneDossier);
    const garonne = await login(server.url, "contact@of-garonne.demo");
    const added = await garonne.postForm("/organisme/dossier/indicateur/1.2", {
      intent: "link",
      url: "https://exemple.fr/programme",
      label: "Programme 2027",
    });
    expect(added.status).toBeLessThan(400);
    expect((await evidence).dossierId).toBe(garonneDossier);
    await inSpace;
    expect(await evidenceInFeed).toMatchObject({ detail: "Programme 2027", actorName: "Hugo Petit", indicatorCode: "1.2" });

    // Garonne resubmits its dossier: the funders on it hear the status change, the feed says "resoumis".
    const resubmitted = nextEvent(bruno, "dossier:changed", (e) => e.kind === "status" && e.dossierId === garonneDossier);
    const resubmittedInFeed = nextEvent(coordination, "activity:event", (e) => e.kind === "status" && e.dossierId === garonneDossier);
    const submitted = await garonne.postForm("/organisme/dossier/synthese", { attestation: "on" });
    expect(submitted.status).toBeLessThan(400);
    await resubmitted;
    expect(await resubmittedInFeed).toMatchObject({ detail: "resoumis", actorName: "Hugo Petit" });
  });

  it("stores the feed and filters it by kind, organisation and dossier on the Activité page", async () => {
    const coordinationClient = await login(server.url, "coordination@datadock.demo");
    // A dossier join and a message, so there is more than one kind in the feed.
    const a = await open(alice);
    const coordination = await open(coordinationClient);
    expect(await coordination.timeout(BARRIER_TIMEOUT_MS).emitWithAck("activity:watch")).toEqual({ ok: true });
    const joined = nextEvent(
      coordination,
      "activity:event",
      (e) => e.kind === "join" && e.actorName === "Alice Martin" && e.dossierId === rhoneDossier,
    );
    await join(a, rhoneDossier);
    await joined;

    const page = async (query: string) => {
      const response = await coordinationClient.get(`/coordination/activite${query}`);
      expect(response.status).toBe(200);
      const html = await response.text();
      const feed = /data-testid="activity-feed"[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
      const kinds = [...feed.matchAll(/data-kind="(\w+)"/g)].map((m) => m[1]);
      return { html: htmlText(html), feed: htmlText(feed), kinds };
    };
    const all = await page("");
    expect(all.kinds).toEqual(expect.arrayContaining(["decision", "message", "join"]));

    const decisions = await page("?kind=decision");
    expect(decisions.kinds.length).toBeGreaterThan(0);
    expect(new Set(decisions.kinds)).toEqual(new Set(["decision"]));
    expect(decisions.feed).toContain("Alice Martin");

    const atlantiqueOnly = await page(`?organisation=${atlantiqueOrganisation}`);
    expect(atlantiqueOnly.feed).not.toMatch(/Rhône/);
    const rhoneOnly = await page(`?dossier=${rhoneDossier}&kind=join`);
    expect(rhoneOnly.kinds.length).toBeGreaterThan(0);
    expect(rhoneOnly.feed).toMatch(/Rhône/);

    // A malformed filter is reported in French and dropped, not a server error.
    const bad = await page("?kind=everything&dossier=nope");
    expect(bad.html).toContain("Un filtre n'est pas valable");
    expect(bad.kinds.length).toBe(all.kinds.length);

    // Only coordinators see the feed.
    const ofClient = await login(server.url, "contact@of-rhone.demo");
    expect((await ofClient.get("/coordination/activite")).status).toBe(403);
    expect((await alice.get("/coordination/activite")).status).toBe(403);
  });
});
