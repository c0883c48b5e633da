import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { evidenceAnnotationsDocument } from "../../../collab/shared/document-names";
import { PostgresPersistence } from "../../../collab/yjs/postgres-persistence";
import { addAnnotation, deleteAnnotation, editAnnotation, readAnnotations } from "../../../app/components/collab-docs/annotations-model";
import { evidenceAnnotationSchema } from "../../../domain/collab/evidence-annotation.schema";
import { collabAccessFor } from "../../../domain/permissions/resource-access.service";
import { makeDossier, makeOrganisation, makeReferentiel } from "../../factories/records";
import type { TestDatabase } from "../../setup/test-database";
import {
  connectClient,
  createCollabTestDatabase,
  startCollabServer,
  waitFor,
  whenSynced,
  type TestClient,
  type TestServer,
} from "./helpers";

const input = (fields: Partial<Record<"page" | "position" | "quote" | "body", string>>) =>
  evidenceAnnotationSchema.parse({ page: "", position: "", quote: "", body: "", ...fields });

describe("collab: evidence annotations and funders' notes", () => {
  let t: TestDatabase;
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  const start = async () => {
    // Users named examiner-* moderate (may change others' annotations), like a dossier's examiner.
    const server = await startCollabServer({
      persistence: new PostgresPersistence(t.db),
      authorize: async ({ userId }) => (userId.startsWith("examiner") ? "moderate" : "write"),
    });
    servers.push(server);
    return server;
  };
  const client = (server: TestServer, name: string, user: string) => {
    const c = connectClient(server, name, user);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await createCollabTestDatabase();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(() => t?.close());

  it("annotations are added, edited and deleted live, merge concurrent edits, and persist", async () => {
    const name = evidenceAnnotationsDocument(crypto.randomUUID());
    const server = await start();
    const [alice, bob] = [client(server, name, "alice"), client(server, name, "examiner-bob")];
    await Promise.all([whenSynced(alice), whenSynced(bob)]);

    const first = addAnnotation(
      alice.doc,
      { id: "alice", name: "Alice" },
      input({ page: "3", position: "haut de page", body: "Tarifs absents" }),
    );
    addAnnotation(bob.doc, { id: "examiner-bob", name: "Bruno" }, input({ page: "1", quote: "Programme 2026", body: "Daté ?" }));
    await waitFor(() => readAnnotations(alice.doc).length === 2 && readAnnotations(bob.doc).length === 2, "both annotations");
    expect(readAnnotations(bob.doc).map((a) => [a.page, a.body, a.authorName])).toEqual([
      [1, "Daté ?", "Bruno"],
      [3, "Tarifs absents", "Alice"],
    ]);
    expect(readAnnotations(bob.doc)[0]).toMatchObject({ quote: "Programme 2026", position: null });

    // The author and the examiner change different fields of one annotation at once: both changes stay.
    bob.provider.disconnect();
    editAnnotation(alice.doc, first, { ...input({ page: "3", position: "haut de page", body: "Tarifs absents du devis" }) });
    editAnnotation(bob.doc, first, { ...input({ page: "4", position: "haut de page", body: "Tarifs absents" }) });
    bob.provider.connect();
    await waitFor(() => JSON.stringify(readAnnotations(alice.doc)) === JSON.stringify(readAnnotations(bob.doc)), "convergence");
    const merged = readAnnotations(alice.doc).find((a) => a.id === first)!;
    expect(merged).toMatchObject({ page: 4, body: "Tarifs absents du devis" });
    expect(merged.updatedAt).not.toBeNull();

    expect(deleteAnnotation(bob.doc, first)).toBe(true);
    await waitFor(() => readAnnotations(alice.doc).length === 1, "deletion");

    await server.close();
    servers.splice(0);
    const again = await start();
    const carol = client(again, name, "carol");
    await whenSynced(carol);
    expect(readAnnotations(carol.doc).map((a) => a.body)).toEqual(["Daté ?"]);
  });

  it("validates annotations with French messages", () => {
    const issues = (fields: Record<string, string>) =>
      evidenceAnnotationSchema.safeParse({ page: "", position: "", quote: "", body: "", ...fields }).error?.issues.map((i) => i.message);
    expect(issues({ body: "  " })).toEqual(["collabDocs.annotations.bodyRequired"]);
    expect(issues({ body: "ok", page: "0" })).toEqual(["collabDocs.annotations.pageInvalid"]);
    expect(issues({ body: "ok", page: "2.5" })).toEqual(["collabDocs.annotations.pageInvalid"]);
    expect(issues({ body: "x".repeat(2001) })).toEqual(["collabDocs.annotations.bodyTooLong"]);
    expect(issues({ body: "ok", quote: "x".repeat(301) })).toEqual(["collabDocs.annotations.fieldTooLong"]);
    expect(input({ body: " ok ", page: " 12 " })).toEqual({ page: 12, position: null, quote: null, body: "ok" });
  });

  it("the funders' notes on an OF and the review notes are never reachable by an OF; coordinators read", async () => {
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const of = await makeOrganisation(t.db, "of", ["of_admin", "of_member"]);
    const funder = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
    const coordination = await makeOrganisation(t.db, "coordination", ["coordinator"]);
    const dossier = await makeDossier(t.db, of, ref);
    for (const user of of.users) {
      expect(await collabAccessFor(t.db, user.actor, { kind: "organisation", id: of.id })).toBeNull();
      expect(await collabAccessFor(t.db, user.actor, { kind: "dossier", id: dossier.id })).toBeNull();
    }
    expect(await collabAccessFor(t.db, funder.users[0]!.actor, { kind: "organisation", id: of.id })).toBe("write");
    expect(await collabAccessFor(t.db, coordination.users[0]!.actor, { kind: "organisation", id: of.id })).toBe("read");
    // Funders' notes exist for OFs only.
    expect(await collabAccessFor(t.db, funder.users[0]!.actor, { kind: "organisation", id: funder.id })).toBeNull();
  });
});
