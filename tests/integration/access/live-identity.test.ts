import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import type { HttpClient } from "../../setup/http-client";
import { examinationPage, login, queueDossiers } from "../live/helpers";
import { dossierReviewDocument, evidenceAnnotationsDocument } from "../../../collab/shared/document-names";
import { CloseCode } from "../../../collab/shared/close-codes";
import { PALETTE } from "../../../collab/shared/user-colour";
import { addAnnotation, deleteAnnotation, editAnnotation, readAnnotations } from "../../../app/components/collab-docs/annotations-model";
import { collabProvider, loaderData } from "./doors";
import { waitFor } from "../../setup/barrier";

/**
 * Decision 021: in live documents, identity comes from the server. Real y-websocket clients against
 * the demo portal: a forged awareness name is replaced by the session's, and an evidence annotation
 * is changed or deleted only by its author or the dossier's examiner (alice, on Rhône's dossier).
 */
type Provider = ReturnType<typeof collabProvider>;

const whenSynced = (p: Provider) =>
  new Promise<void>((resolve) => (p.provider.synced ? resolve() : p.provider.once("sync", (synced: boolean) => synced && resolve())));
const whenClosed = (p: Provider) =>
  new Promise<number>((resolve) =>
    p.closes.length > 0 ? resolve(p.closes[0]!) : p.provider.once("connection-close", (e) => resolve(e?.code ?? 1006)),
  );

describe("live identity: awareness names and annotation authorship are the server's", () => {
  let database: TestDatabase | undefined;
  let server: RunningServer;
  const clients = new Map<string, HttpClient>();
  const ids = new Map<string, string>();
  const providers: Provider[] = [];
  let rhone = "";
  let evidenceId = "";

  const open = async (email: string, documentName: string) => {
    const p = collabProvider(server.url, documentName, clients.get(email)!.cookieHeader());
    providers.push(p);
    return p;
  };
  const user = (email: string, name: string) => ({ id: ids.get(email)!, name });

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    server = await startServer({ env: database.url ? { DATABASE_URL: database.url } : {} });
    for (const email of ["alice@financeur-a.demo", "bruno@financeur-a.demo", "chloe@financeur-b.demo"])
      clients.set(email, await login(server.url, email));
    rhone = [...(await queueDossiers(clients.get("alice@financeur-a.demo")!))].find(([name]) => name.startsWith("Rhône"))?.[1] ?? "";
    // The review room shows one indicator at a time (?indicateur=<code>): the rail lists the codes.
    const codes = [...(await examinationPage(clients.get("alice@financeur-a.demo")!, rhone)).indicators.keys()];
    type RoomData = { me?: { id: string }; room?: { selected?: { evidence?: { id: string; fileId: string | null }[] } | null } };
    const roomData = async (client: HttpClient, search = "") => {
      const data = (await loaderData(client, `/financeur/examens/${rhone}`, search)).data as Record<string, { data?: RoomData }>;
      return data["routes/financeur.examens.$dossierId"]?.data;
    };
    for (const email of clients.keys()) ids.set(email, (await roomData(clients.get(email)!))?.me?.id ?? "");
    for (const code of codes) {
      const page = await roomData(clients.get("alice@financeur-a.demo")!, `?indicateur=${encodeURIComponent(code)}`);
      evidenceId = page?.room?.selected?.evidence?.find((e) => e.fileId !== null)?.id ?? "";
      if (evidenceId) break;
    }
  }, 120_000);
  afterEach(() => {
    for (const p of providers.splice(0)) {
      p.provider.destroy();
      p.doc.destroy();
    }
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  it("found Rhône's dossier, an evidence file and the users' ids", () => {
    expect(rhone).toMatch(/^[0-9a-f-]{36}$/);
    expect(evidenceId).toMatch(/^[0-9a-f-]{36}$/);
    expect([...ids.values()].every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
  });

  it("shows others the session's name and colour, whatever awareness state a client publishes", async () => {
    const forger = await open("bruno@financeur-a.demo", dossierReviewDocument(rhone));
    forger.provider.awareness.setLocalStateField("user", { name: "Alice Martin", color: "#ff00ff" });
    const watcher = await open("alice@financeur-a.demo", dossierReviewDocument(rhone));
    await Promise.all([whenSynced(forger), whenSynced(watcher)]);
    const forgedId = forger.doc.clientID;
    await waitFor(() => watcher.provider.awareness.getStates().has(forgedId), "bruno's awareness state at alice's");
    const seen = watcher.provider.awareness.getStates().get(forgedId) as { user?: { name?: string; color?: string } };
    expect(seen.user?.name).toBe("Bruno Lefèvre");
    expect(PALETTE).toContain(seen.user?.color);
  });

  it("refuses (4403) a change to another author's annotation, and keeps it as it was", async () => {
    const document = evidenceAnnotationsDocument(evidenceId);
    const chloe = await open("chloe@financeur-b.demo", document);
    await whenSynced(chloe);
    const id = addAnnotation(chloe.doc, user("chloe@financeur-b.demo", "Chloé"), {
      page: 1,
      position: null,
      quote: null,
      body: "Signature manquante",
    });
    const bruno = await open("bruno@financeur-a.demo", document);
    await whenSynced(bruno);
    await waitFor(() => readAnnotations(bruno.doc).some((a) => a.id === id), "chloe's annotation at bruno's");

    editAnnotation(bruno.doc, id, { page: 1, position: null, quote: null, body: "Tout est conforme" });
    expect(await whenClosed(bruno)).toBe(CloseCode.forbidden);
    const deleter = await open("bruno@financeur-a.demo", document);
    await whenSynced(deleter);
    deleteAnnotation(deleter.doc, id);
    expect(await whenClosed(deleter)).toBe(CloseCode.forbidden);
    const impostor = await open("bruno@financeur-a.demo", document);
    await whenSynced(impostor);
    addAnnotation(impostor.doc, user("chloe@financeur-b.demo", "Chloé"), { page: 2, position: null, quote: null, body: "Signé Chloé" });
    expect(await whenClosed(impostor)).toBe(CloseCode.forbidden);

    // A fresh reader (synced, so it holds the server's whole state) finds chloe's annotation intact.
    const reader = await open("chloe@financeur-b.demo", document);
    await whenSynced(reader);
    expect(readAnnotations(reader.doc).map((a) => [a.id, a.body, a.authorId])).toContainEqual([
      id,
      "Signature manquante",
      ids.get("chloe@financeur-b.demo"),
    ]);
    expect(readAnnotations(reader.doc).some((a) => a.body === "Signé Chloé" || a.body === "Tout est conforme")).toBe(false);
  });

  it("lets authors edit and delete their own annotations, and the examiner anyone's", async () => {
    const document = evidenceAnnotationsDocument(evidenceId);
    const bruno = await open("bruno@financeur-a.demo", document);
    const chloe = await open("chloe@financeur-b.demo", document);
    await Promise.all([whenSynced(bruno), whenSynced(chloe)]);
    const own = addAnnotation(bruno.doc, user("bruno@financeur-a.demo", "Bruno"), {
      page: 3,
      position: null,
      quote: null,
      body: "À vérifier",
    });
    editAnnotation(bruno.doc, own, { page: 3, position: null, quote: null, body: "Vérifié" });
    await waitFor(() => readAnnotations(chloe.doc).some((a) => a.id === own && a.body === "Vérifié"), "bruno's edit at chloe's");
    const chloes = addAnnotation(chloe.doc, user("chloe@financeur-b.demo", "Chloé"), {
      page: 4,
      position: null,
      quote: null,
      body: "Date illisible",
    });

    const alice = await open("alice@financeur-a.demo", document); // the examiner of Rhône's dossier
    await whenSynced(alice);
    await waitFor(() => readAnnotations(alice.doc).some((a) => a.id === chloes), "chloe's annotation at alice's");
    editAnnotation(alice.doc, chloes, { page: 4, position: null, quote: null, body: "Date lisible sur l'original" });
    deleteAnnotation(alice.doc, own);
    await waitFor(
      () =>
        readAnnotations(chloe.doc).some((a) => a.id === chloes && a.body === "Date lisible sur l'original") &&
        !readAnnotations(chloe.doc).some((a) => a.id === own),
      "the examiner's changes at chloe's",
    );
    deleteAnnotation(chloe.doc, chloes);
    await waitFor(() => !readAnnotations(bruno.doc).some((a) => a.id === chloes), "chloe's deletion at bruno's");
    expect([...bruno.closes, ...chloe.closes, ...alice.closes]).toEqual([]);
  });
});
