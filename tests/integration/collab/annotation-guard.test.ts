import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { answerAnnotationsDocument, evidenceAnnotationsDocument, parseDocumentName } from "../../../collab/shared/document-names";
import { PostgresPersistence } from "../../../collab/yjs/postgres-persistence";
import {
  addAnnotation,
  addReply,
  deleteAnnotation,
  deleteReply,
  editAnnotation,
  readAnnotations,
  readReplies,
} from "../../../app/components/collab-docs/annotations-model";
import { evidenceAnnotationSchema } from "../../../domain/collab/evidence-annotation.schema";
import { collabAccessFor } from "../../../domain/permissions/resource-access.service";
import { takeDossier } from "../../../domain/examination/take";
import { addCoExaminer } from "../../../domain/examination/co-examiners";
import type { Actor } from "../../../domain/permissions/actor";
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

const note = (body: string) => evidenceAnnotationSchema.parse({ page: "2", position: "", quote: "", body });

/**
 * The Yjs door of `evidence:<id>:annotations` with the real access rule (collabAccessFor): only an
 * annotation's author, or the dossier's examiner ("moderate"), edits or deletes it; anyone else's
 * change closes their connection with 4403 and is not applied (issue 13.3).
 */
describe("evidence annotations: who may change whose", () => {
  let t: TestDatabase;
  let server: TestServer;
  const clients: TestClient[] = [];
  const actors = new Map<string, Actor>();
  let evidenceId: string;
  let answerId: string;
  let ofAdmin: Actor;
  let examiner: Actor;
  let coExaminer: Actor;
  let reviewer: Actor;

  beforeAll(async () => {
    t = await createCollabTestDatabase();
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    const funder = await makeOrganisation(t.db, "funder", ["funder_reviewer", "funder_reviewer", "funder_reviewer"]);
    [examiner, coExaminer, reviewer] = funder.users.map((u) => u.actor) as [Actor, Actor, Actor];
    ofAdmin = of.users[0]!.actor;
    for (const actor of [examiner, coExaminer, reviewer, ofAdmin]) actors.set(actor.userId, actor);
    const dossier = await makeDossier(t.db, of, ref);
    await takeDossier(t.db, examiner, dossier.id);
    await addCoExaminer(t.db, examiner, { dossierId: dossier.id, userId: coExaminer.userId });
    const answer = await t.db.selectFrom("indicator_answers").select("id").where("dossier_id", "=", dossier.id).executeTakeFirstOrThrow();
    const evidence = await t.db
      .insertInto("evidence")
      .values({ answer_id: answer.id, kind: "link", url: "https://example.org/programme", label: "Programme" })
      .returning("id")
      .executeTakeFirstOrThrow();
    evidenceId = evidence.id;
    answerId = answer.id;
    server = await startCollabServer({
      persistence: new PostgresPersistence(t.db),
      authorize: async (identity, document) => {
        const actor = actors.get(identity.userId);
        return actor ? collabAccessFor(t.db, actor, { kind: document.kind, id: document.id }) : null;
      },
    });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });
  const client = (actor: Actor, name = evidenceAnnotationsDocument(evidenceId)) => {
    const c = connectClient(server, name, actor.userId);
    clients.push(c);
    return c;
  };

  it("refuses a co-reviewer's deletion or edit of another's annotation with 4403; the examiner may", async () => {
    expect(await collabAccessFor(t.db, examiner, { kind: "evidence", id: evidenceId })).toBe("moderate");
    expect(await collabAccessFor(t.db, coExaminer, { kind: "evidence", id: evidenceId })).toBe("write");

    const author = client(reviewer);
    await whenSynced(author);
    const mine = addAnnotation(author.doc, { id: reviewer.userId, name: "Rita" }, note("Tarifs absents"));
    const kept = addAnnotation(author.doc, { id: reviewer.userId, name: "Rita" }, note("Date du programme ?"));

    // The co-examiner (write, not the examiner) tries to delete, then to edit, Rita's annotation: closed with 4403.
    for (const change of [
      (c: TestClient) => deleteAnnotation(c.doc, mine),
      (c: TestClient) => editAnnotation(c.doc, mine, note("Réécrit par un autre")),
    ]) {
      const other = client(coExaminer);
      await whenSynced(other);
      await waitFor(() => readAnnotations(other.doc).length === 2, "the co-reviewer sees both annotations");
      expect(change(other)).toBe(true);
      await waitFor(() => other.closes.some((c) => c.code === 4403), "4403 for the co-reviewer");
      other.provider.shouldConnect = false;
    }

    // Nothing of it reached the document: a fresh reader sees both annotations unchanged.
    const reader = client(examiner);
    await whenSynced(reader);
    await waitFor(() => readAnnotations(reader.doc).length === 2, "both annotations kept");
    expect(
      readAnnotations(reader.doc)
        .map((a) => a.body)
        .sort(),
    ).toEqual(["Date du programme ?", "Tarifs absents"]);

    // The examiner deletes Rita's annotation; the author sees it go; the examiner's connection stays open.
    expect(deleteAnnotation(reader.doc, mine)).toBe(true);
    await waitFor(() => readAnnotations(author.doc).length === 1, "the examiner's deletion reaches the author");
    expect(readAnnotations(author.doc)[0]?.id).toBe(kept);
    expect(reader.closes).toEqual([]);
    // The author edits their own.
    expect(editAnnotation(author.doc, kept, note("Date du programme : 2026 ?"))).toBe(true);
    await waitFor(() => readAnnotations(reader.doc)[0]?.body === "Date du programme : 2026 ?", "the author's own edit");
    expect(author.closes).toEqual([]);
  });

  it("keeps a drawn region; anyone may reply, only the reply's author (or the examiner) deletes it", async () => {
    const author = client(reviewer);
    await whenSynced(author);
    const region = { page: 3, x: 0.1, y: 0.2, w: 0.5, h: 0.25 };
    const marked = addAnnotation(author.doc, { id: reviewer.userId, name: "Rita" }, note("Signature absente"), undefined, region);

    // The co-examiner replies: their own entry, accepted, their connection stays open.
    const other = client(coExaminer);
    await whenSynced(other);
    await waitFor(() => readAnnotations(other.doc).some((a) => a.id === marked), "the co-reviewer sees the annotation");
    expect(readAnnotations(other.doc).find((a) => a.id === marked)).toMatchObject({ page: 3, region });
    const answer = addReply(other.doc, { id: coExaminer.userId, name: "Colin" }, marked, "Vu, page 3 aussi");
    await waitFor(() => readReplies(author.doc).get(marked)?.[0]?.body === "Vu, page 3 aussi", "the reply reaches the author");
    expect(other.closes).toEqual([]);

    // The annotation's author may not delete someone else's reply: 4403, not applied.
    expect(deleteReply(author.doc, answer)).toBe(true);
    await waitFor(() => author.closes.some((c) => c.code === 4403), "4403 for deleting another's reply");
    author.provider.shouldConnect = false;
    const reader = client(examiner);
    await whenSynced(reader);
    await waitFor(() => readReplies(reader.doc).get(marked)?.length === 1, "the reply is kept");

    // The examiner may.
    expect(deleteReply(reader.doc, answer)).toBe(true);
    await waitFor(() => readReplies(other.doc).get(marked) === undefined, "the examiner's deletion reaches the co-reviewer");
    expect(reader.closes).toEqual([]);
  });

  it("annotations on a text range of the OF's description: the same rule, in answer:<id>:annotations; never the OF", async () => {
    const name = answerAnnotationsDocument(answerId);
    expect(parseDocumentName(name)).toMatchObject({ kind: "answer", id: answerId });
    expect(await collabAccessFor(t.db, examiner, { kind: "answer", id: answerId })).toBe("moderate");
    expect(await collabAccessFor(t.db, coExaminer, { kind: "answer", id: answerId })).toBe("write");
    expect(await collabAccessFor(t.db, ofAdmin, { kind: "answer", id: answerId })).toBeNull();

    const author = client(reviewer, name);
    await whenSynced(author);
    const input = evidenceAnnotationSchema.parse({ page: "", position: "text:4-20", quote: "accueil des stagiaires", body: "Préciser" });
    const marked = addAnnotation(author.doc, { id: reviewer.userId, name: "Rita" }, input);
    const other = client(coExaminer, name);
    await whenSynced(other);
    await waitFor(() => readAnnotations(other.doc).some((a) => a.id === marked), "the co-reviewer sees the text annotation");
    expect(readAnnotations(other.doc)[0]).toMatchObject({ position: "text:4-20", quote: "accueil des stagiaires", authorName: "Rita" });
    expect(deleteAnnotation(other.doc, marked)).toBe(true);
    await waitFor(() => other.closes.some((c) => c.code === 4403), "4403 for deleting another's text annotation");
    other.provider.shouldConnect = false;

    // The OF cannot open it at all.
    const of = client(ofAdmin, name);
    await waitFor(() => of.closes.some((c) => c.code === 4403), "the OF is refused");
    of.provider.shouldConnect = false;
    const reader = client(examiner, name);
    await whenSynced(reader);
    await waitFor(() => readAnnotations(reader.doc).length === 1, "the annotation is kept");
  });
});
