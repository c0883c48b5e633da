import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createClient, type HttpClient } from "../../setup/http-client";
import { connectLive, connected, htmlText, login, nextEvent, queueDossiers, type LiveClient } from "../live/helpers";
import { loaderData, socketDoor } from "../access/doors";
import type { ExpertRequestChangeEvent } from "../../../collab/shared/events";
import { BARRIER_TIMEOUT_MS } from "../../setup/barrier";

/** Every object inside a JSON value (loader data), depth first. */
function objectsIn(value: unknown): Record<string, unknown>[] {
  if (!value || typeof value !== "object") return [];
  const children = Array.isArray(value) ? value : Object.values(value);
  return [...(Array.isArray(value) ? [] : [value as Record<string, unknown>]), ...children.flatMap(objectsIn)];
}

/**
 * Expert opinions through the real portal (issue 15.7, decision record 044), on the demo data: alice,
 * examiner of Rhône Formation Pro's dossier, asks an outside expert by e-mail from the review room; the
 * expert sets up their account from the mailed link (the demo mailbox) and joins the request's live room,
 * but no door of the dossier (its room, its threads, its OF's room); their answer reaches the funder side
 * of the dossier's room, never the OF; a withdrawal takes their open socket out at once and closes every
 * door (page 410, evidence 404, room join refused).
 */
describe("expert opinions: the expert's doors, live, and a withdrawal", () => {
  let database: TestDatabase | undefined;
  let server: RunningServer;
  let alice: HttpClient;
  let expert: HttpClient;
  let dossierId: string;
  let organisationId: string;
  let requestId: string;
  /** An evidence file of the indicator asked about, and one of another indicator. */
  let askedFile: string;
  let otherFile: string;
  const sockets: LiveClient[] = [];
  const live = async (client: HttpClient) => {
    const socket = connectLive(server.url, client.cookieHeader());
    sockets.push(socket);
    await connected(socket);
    return socket;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ env: database.url ? { DATABASE_URL: database.url } : {} });
    alice = await login(server.url, "alice@financeur-a.demo");
    dossierId = [...(await queueDossiers(alice))].find(([name]) => name.startsWith("Rhône"))![1];
    // The OF and the indicator codes, from the room's rail.
    const room = await (await alice.get(`/financeur/examens/${dossierId}`)).text();
    organisationId = /\/financeur\/organismes\/([0-9a-f-]{36})/.exec(room)![1]!;
    const codes = [...new Set([...room.matchAll(/[?&](?:amp;)?indicateur=([0-9.]+)/g)].map((m) => m[1]!))];
    // Evidence files per indicator, from the room's loader data (the page loads its viewers in the browser).
    const filesOf = new Map<string, Set<string>>();
    let asked: string | undefined;
    let other: string | undefined;
    for (const code of codes) {
      const { data } = await loaderData(alice, `/financeur/examens/${dossierId}`, `?indicateur=${code}`);
      const evidence = objectsIn(data).flatMap((o) => (Array.isArray(o.evidence) ? objectsIn(o.evidence) : []));
      filesOf.set(code, new Set(evidence.flatMap((e) => (typeof e.fileId === "string" ? [e.fileId] : []))));
      asked = [...filesOf].find(([, ids]) => ids.size > 0)?.[0];
      other = [...filesOf].find(([c, ids]) => c !== asked && [...ids].some((id) => !filesOf.get(asked!)!.has(id)))?.[0];
      if (asked && other) break;
    }
    if (!asked || !other) throw new Error("two indicators with evidence files are needed on the Rhône dossier");
    askedFile = [...filesOf.get(asked)!][0]!;
    otherFile = [...filesOf.get(other)!].find((id) => !filesOf.get(asked!)!.has(id))!;

    const dueOn = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const response = await alice.postForm(`/financeur/examens/${dossierId}`, {
      intent: "expert-request",
      indicatorCode: asked,
      expertUserId: "",
      email: "avis.portail@cabinet.test",
      fullName: "Expert du Portail",
      indicatorCodes: [asked],
      dueOn,
      question: "Les preuves suffisent-elles ?",
    });
    expect(response.status).toBe(302);
    const mailbox = await (await createClient(server.url).get("/dev/mail")).text();
    const token = /\/avis\/invitation\/([a-z2-7]{52})/.exec(mailbox)?.[1];
    if (!token) throw new Error("no expert invitation in the demo mailbox");
    expert = createClient(server.url);
    const accepted = await expert.postForm(`/avis/invitation/${token}`, {
      fullName: "Expert du Portail",
      password: "un-mot-de-passe-solide",
      confirmation: "un-mot-de-passe-solide",
    });
    expect([accepted.status, accepted.headers.get("location")]).toEqual([302, "/avis"]);
    const home = await (await expert.get("/avis")).text();
    requestId = /\/avis\/([0-9a-f-]{36})/.exec(home)![1]!;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
    await database?.close();
  });

  it("the expert's page, and the evidence of the indicator asked about only", async () => {
    const page = await expert.get(`/avis/${requestId}`);
    const text = htmlText(await page.text());
    expect(page.status).toBe(200);
    expect(text).toContain("Avis sur le dossier de Rhône Formation Pro");
    expect(text).toContain("Les preuves suffisent-elles ?");
    expect((await expert.get(`/fichiers/${askedFile}`)).status).toBe(200);
    expect((await expert.get(`/fichiers/${otherFile}`)).status).toBe(404);
  });

  it("joins the request's room, and no room of the dossier or its OF", async () => {
    const socket = await live(expert);
    expect(await socket.timeout(BARRIER_TIMEOUT_MS).emitWithAck("expert:join", requestId)).toEqual({ ok: true });
    expect(await socketDoor(socket, "dossier:join", dossierId)).toBe("forbidden");
    expect(await socketDoor(socket, "threads:watch", dossierId)).toBe("forbidden");
    expect(await socketDoor(socket, "organisation:join", organisationId)).toBe("forbidden");
    // Another request's room (an unknown id) is refused like a forbidden one.
    expect(await socket.timeout(BARRIER_TIMEOUT_MS).emitWithAck("expert:join", "00000000-0000-4000-8000-000000000000")).toEqual({
      ok: false,
      error: "forbidden",
    });
  });

  it("the answer reaches the examiners' side of the dossier's room, not the OF; a withdrawal takes the expert out at once", async () => {
    const expertSocket = await live(expert);
    expect(await expertSocket.timeout(BARRIER_TIMEOUT_MS).emitWithAck("expert:join", requestId)).toEqual({ ok: true });
    const aliceSocket = await live(alice);
    const ofClient = await login(server.url, "contact@of-rhone.demo");
    const ofSocket = await live(ofClient);
    for (const socket of [aliceSocket, ofSocket]) expect(await socketDoor(socket, "dossier:join", dossierId)).toBe("ok");
    const ofHeard: ExpertRequestChangeEvent[] = [];
    ofSocket.on("expert:changed", (event) => ofHeard.push(event));

    const answered = nextEvent(aliceSocket, "expert:changed", (e) => e.requestId === requestId && e.kind === "message");
    const own = nextEvent(expertSocket, "expert:changed", (e) => e.requestId === requestId && e.kind === "message");
    expect((await expert.postForm(`/avis/${requestId}`, { body: "Les preuves suffisent pour cet indicateur." })).status).toBe(302);
    await Promise.all([answered, own]);
    const room = htmlText(await (await alice.get(`/financeur/examens/${dossierId}`)).text());
    expect(room).toContain("Les preuves suffisent pour cet indicateur.");
    // Barrier: a thread message the OF hears in the same room, after the expert's event.
    const barrier = nextEvent(ofSocket, "thread:message", (e) => e.dossierId === dossierId && e.body === "Message témoin");
    expect((await alice.postForm(`/fils/${dossierId}/1.1`, { intent: "message", body: "Message témoin" })).status).toBe(200);
    await barrier;
    expect(ofHeard).toEqual([]);
    expect(htmlText(await (await ofClient.get("/organisme/dossier")).text())).not.toContain("Les preuves suffisent pour cet indicateur.");

    const withdrawn = nextEvent(expertSocket, "expert:changed", (e) => e.requestId === requestId && e.kind === "withdrawn");
    const response = await alice.postForm(`/financeur/examens/${dossierId}`, { intent: "expert-withdraw", requestId });
    expect(response.status).toBe(302);
    await withdrawn;
    expect(await expertSocket.timeout(BARRIER_TIMEOUT_MS).emitWithAck("expert:join", requestId)).toEqual({ ok: false, error: "forbidden" });
    const page = await expert.get(`/avis/${requestId}`);
    expect(page.status).toBe(410);
    expect(htmlText(await page.text())).toContain("Demande retirée");
    expect((await expert.get(`/fichiers/${askedFile}`)).status).toBe(404);
    expect((await expert.postForm(`/avis/${requestId}`, { body: "Encore ?" })).status).toBe(409);
  });
});
