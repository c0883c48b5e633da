import * as Y from "yjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dossierReviewDocument } from "../../../collab/shared/document-names";
import { PostgresPersistence } from "../../../collab/yjs/postgres-persistence";
import { NOTES_FIELD, encodeSectionsSeed, seedReviewSectionsOnLoad, seedSections } from "../../../collab/yjs/review-sections";
import { reviewOutlineFor } from "../../../domain/collab/review-outline";
import { listNotesVersions, restoreNotesVersion, saveNotesVersion } from "../../../domain/collab/versions.service";
import { liveDocuments } from "../../../server/live";
import { makeDossier, makeOrganisation, makeReferentiel, type MadeOrganisation } from "../../factories/records";
import type { TestDatabase } from "../../setup/test-database";
import {
  connectClient,
  createCollabTestDatabase,
  recordingLogger,
  startCollabServer,
  waitFor,
  whenSynced,
  type TestClient,
  type TestServer,
} from "./helpers";

const fragmentOf = (client: TestClient) => client.doc.getXmlFragment(NOTES_FIELD);
const headingsOf = (fragment: Y.XmlFragment) =>
  fragment
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === "heading")
    .map((h) => h.toString());

/** Replaces the notes' text after the headings with one paragraph, as the editor would. */
function writeParagraph(client: TestClient, text: string) {
  const fragment = fragmentOf(client);
  client.doc.transact(() => {
    const paragraphs = fragment
      .toArray()
      .map((n, i) => [n, i] as const)
      .filter(([n]) => n instanceof Y.XmlElement && n.nodeName === "paragraph");
    for (const [, index] of paragraphs.reverse()) fragment.delete(index, 1);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(text)]);
    fragment.insert(fragment.length, [paragraph]);
  });
}

describe("collab: review notes sections and named versions", () => {
  let t: TestDatabase;
  let funders: MadeOrganisation;
  let coordination: MadeOrganisation;
  let of: MadeOrganisation;
  let dossierId: string;
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  const start = async () => {
    const { logger } = recordingLogger();
    const server = await startCollabServer({
      persistence: new PostgresPersistence(t.db),
      hooks: { onLoad: seedReviewSectionsOnLoad((id) => reviewOutlineFor(t.db, id), logger) },
    });
    servers.push(server);
    return server;
  };
  const client = (server: TestServer, user: string, name = dossierReviewDocument(dossierId)) => {
    const c = connectClient(server, name, user);
    clients.push(c);
    return c;
  };
  const stop = async (server: TestServer) => {
    servers.splice(servers.indexOf(server), 1);
    await server.close();
  };

  beforeAll(async () => {
    t = await createCollabTestDatabase();
    const ref = await makeReferentiel(t.db, { criteria: 2, perCriterion: 2 });
    funders = await makeOrganisation(t.db, "funder", ["funder_reviewer", "funder_reviewer"]);
    coordination = await makeOrganisation(t.db, "coordination", ["coordinator"]);
    of = await makeOrganisation(t.db, "of", ["of_admin"]);
    dossierId = (await makeDossier(t.db, of, ref, { status: "en_examen" })).id;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(() => t?.close());

  it("seeds one heading per criterion and indicator, once, even when clients and instances race", async () => {
    const server = await start();
    const [alice, bob] = [client(server, "alice"), client(server, "bob")];
    await Promise.all([whenSynced(alice), whenSynced(bob)]);
    const expected = [
      "Critère 1 — Critère 1",
      "1.1 — Indicateur 1.1",
      "1.2 — Indicateur 1.2",
      "Critère 2 — Critère 2",
      "2.1 — Indicateur 2.1",
      "2.2 — Indicateur 2.2",
    ];
    await waitFor(() => headingsOf(fragmentOf(bob)).length === 6, "sections");
    expect(headingsOf(fragmentOf(alice)).map((h) => h.replace(/<[^>]+>/g, ""))).toEqual(expected);
    expect(headingsOf(fragmentOf(alice))[0]).toContain('level="2"');
    expect(headingsOf(fragmentOf(alice))[1]).toContain('level="3"');

    // Two instances seeding the same document independently: merging both seeds yields one copy.
    const outline = await reviewOutlineFor(t.db, dossierId);
    const [first, second, merged] = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
    expect(seedSections(first, outline)).toBe(true);
    expect(seedSections(second, outline)).toBe(true);
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(first));
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(second));
    Y.applyUpdate(merged, encodeSectionsSeed(outline));
    expect(headingsOf(merged.getXmlFragment(NOTES_FIELD))).toHaveLength(6);
    // Once seeded, never again — even after everything was deleted.
    merged.getXmlFragment(NOTES_FIELD).delete(0, merged.getXmlFragment(NOTES_FIELD).length);
    expect(seedSections(merged, outline)).toBe(false);

    // After a restart the stored document is not seeded a second time.
    await stop(server);
    const again = await start();
    const carol = client(again, "carol");
    await whenSynced(carol);
    expect(headingsOf(fragmentOf(carol))).toHaveLength(6);
  });

  it("saves, lists and restores named versions: every client converges, and it all survives a restart", async () => {
    const reviewer = funders.users[0]!;
    const server = await start();
    const live = liveDocuments(server.collab);
    const [alice, bob] = [client(server, "alice"), client(server, "bob")];
    await Promise.all([whenSynced(alice), whenSynced(bob)]);
    await waitFor(() => headingsOf(fragmentOf(alice)).length === 6, "sections");

    writeParagraph(alice, "Première lecture : dossier solide.");
    await waitFor(
      () =>
        server.collab.registry.get(dossierReviewDocument(dossierId))?.doc.getXmlFragment(NOTES_FIELD).toString().includes("solide") ===
        true,
    );
    const saved = await saveNotesVersion(t.db, live, reviewer.actor, { dossierId, name: "  Première lecture  " });
    expect(saved.name).toBe("Première lecture");

    writeParagraph(bob, "Deuxième lecture : pièces manquantes.");
    await waitFor(() => fragmentOf(alice).toString().includes("manquantes"), "bob's edit");

    const listed = await listNotesVersions(t.db, coordination.users[0]!.actor, dossierId);
    expect(listed).toMatchObject([{ id: saved.id, name: "Première lecture", authorId: reviewer.id, authorName: reviewer.actor.fullName }]);
    expect(new Date(listed[0]!.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const result = await restoreNotesVersion(t.db, live, funders.users[1]!.actor, { dossierId, versionId: saved.id });
    expect(result.restored).toBe("Première lecture");
    for (const c of [alice, bob]) {
      await waitFor(
        () => fragmentOf(c).toString().includes("solide") && !fragmentOf(c).toString().includes("manquantes"),
        "restore reaches clients",
      );
    }
    expect(fragmentOf(alice).toString()).toBe(fragmentOf(bob).toString());
    expect(headingsOf(fragmentOf(bob))).toHaveLength(6);

    // The restore is stored: a restart shows it, and the versions (with the automatic backup) remain.
    await stop(server);
    const names = (await listNotesVersions(t.db, reviewer.actor, dossierId)).map((v) => v.name);
    expect(names).toEqual(["Avant la restauration de « Première lecture »", "Première lecture"]);
    const again = await start();
    const carol = client(again, "carol");
    await whenSynced(carol);
    expect(fragmentOf(carol).toString()).toContain("solide");
    expect(fragmentOf(carol).toString()).not.toContain("manquantes");

    // Restoring the backup while nobody has the document open: the next client sees it.
    const backup = (await listNotesVersions(t.db, reviewer.actor, dossierId))[0]!;
    carol.destroy();
    clients.splice(clients.indexOf(carol), 1);
    await waitFor(() => again.collab.registry.get(dossierReviewDocument(dossierId)) === undefined, "unloaded");
    await restoreNotesVersion(t.db, liveDocuments(again.collab), reviewer.actor, { dossierId, versionId: backup.id });
    const dave = client(again, "dave");
    await whenSynced(dave);
    expect(fragmentOf(dave).toString()).toContain("manquantes");
  });

  it("checks who may list, save and restore, and validates the input", async () => {
    const server = await start();
    const live = liveDocuments(server.collab);
    const reviewer = funders.users[0]!.actor;
    await expect(listNotesVersions(t.db, of.users[0]!.actor, dossierId)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(saveNotesVersion(t.db, live, coordination.users[0]!.actor, { dossierId, name: "x" })).rejects.toMatchObject({
      kind: "forbidden",
    });
    await expect(saveNotesVersion(t.db, live, of.users[0]!.actor, { dossierId, name: "x" })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(saveNotesVersion(t.db, live, reviewer, { dossierId, name: "   " })).rejects.toMatchObject({
      kind: "validation",
      fieldErrors: { name: ["collabDocs.versions.nameRequired"] },
    });
    await expect(saveNotesVersion(t.db, live, reviewer, { dossierId, name: "x".repeat(121) })).rejects.toMatchObject({
      kind: "validation",
    });
    await expect(saveNotesVersion(t.db, undefined, reviewer, { dossierId, name: "x" })).rejects.toMatchObject({ kind: "unavailable" });
    await expect(
      saveNotesVersion(t.db, live, reviewer, { dossierId: "00000000-0000-4000-8000-000000000000", name: "x" }),
    ).rejects.toMatchObject({
      kind: "not_found",
    });

    // A version of another dossier cannot be restored through this one.
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const otherDossier = (await makeDossier(t.db, of, ref, { status: "en_examen" })).id;
    const other = await saveNotesVersion(t.db, live, reviewer, { dossierId: otherDossier, name: "Autre dossier" });
    await expect(restoreNotesVersion(t.db, live, reviewer, { dossierId, versionId: other.id })).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(restoreNotesVersion(t.db, live, reviewer, { dossierId, versionId: "pas-un-uuid" })).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(restoreNotesVersion(t.db, live, coordination.users[0]!.actor, { dossierId, versionId: other.id })).rejects.toMatchObject({
      kind: "forbidden",
    });
  });
});
