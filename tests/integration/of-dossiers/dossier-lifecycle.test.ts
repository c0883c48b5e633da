import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createOf, createReferentiel, fakeFile, funderDecides } from "./fixtures";
import { saveDescription, setNotApplicable } from "../../../domain/dossiers/answers.service";
import { addEvidence, listEvidence, removeEvidence, replaceEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { findOfDossier, getOrCreateOfDossier, requireIndicator } from "../../../domain/dossiers/dossier-access";
import { listTimeline } from "../../../domain/dossiers/timeline";
import { listNotifications } from "../../../domain/notifications/notifications.service";
import type { OfScope } from "../../../domain/dossiers/of-scope";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { startTestDispatcher, switchableMailer } from "../../setup/event-dispatcher";
import { rejection } from "../../setup/domain-rejection";

describe("OF dossier lifecycle", () => {
  let t: TestDatabase;
  let events: EventDispatcher;
  const toTest = switchableMailer();
  beforeAll(async () => {
    t = await createTestDatabase();
    await createReferentiel(t.db);
    events = await startTestDispatcher(t.db, { mailer: toTest, publicUrl: "http://localhost:3000" });
  });
  afterAll(async () => {
    await events?.stop();
    await t?.close();
  });

  async function completeAll(scope: OfScope) {
    await saveDescription(t.db, scope, "1.1", "<p>Objectifs écrits</p>");
    await addEvidence(t.db, scope, "1.1", { kind: "link", url: "https://of.example/objectifs" });
    await saveDescription(t.db, scope, "1.2", "Public décrit");
    await addEvidence(t.db, scope, "1.2", { kind: "file", fileId: await fakeFile(t.db, scope.organisationId) });
    await setNotApplicable(t.db, scope, "2.1", true, "Aucun accueil physique");
  }

  it("creates the dossier in brouillon on the open référentiel with a creation event", async () => {
    const of = await createOf(t.db);
    const dossier = await getOrCreateOfDossier(t.db, of.organisationId, of.userId);
    expect(dossier.status).toBe("brouillon");
    expect((await getOrCreateOfDossier(t.db, of.organisationId, of.userId)).id).toBe(dossier.id);
    expect((await listTimeline(t.db, dossier.id)).map((e) => e.kind)).toEqual(["dossier.created"]);
  });

  it("refuses submission with the exact list of what is missing, and leaves the dossier in brouillon", async () => {
    const of = await createOf(t.db);
    await saveDescription(t.db, of, "1.1", "Décrit");
    const error = await rejection(submitDossier(t.db, of));
    expect(error.kind).toBe("validation");
    expect(error.messageKey).toBe("dossier.submit.incomplete");
    expect(error.fieldErrors).toEqual({
      "1.1": ["dossier.missing.evidence"],
      "1.2": ["dossier.missing.description", "dossier.missing.evidence"],
      "2.1": ["dossier.missing.description", "dossier.missing.evidence"],
    });
    expect((await findOfDossier(t.db, of.organisationId))!.status).toBe("brouillon");
  });

  it("refuses « non concerné » without a reason", async () => {
    const of = await createOf(t.db);
    const error = await rejection(setNotApplicable(t.db, of, "2.1", true, " "));
    expect(error.fieldErrors).toEqual({ notApplicableReason: ["dossier.notApplicable.reasonRequired"] });
  });

  it("refuses a link that is not http(s)", async () => {
    const of = await createOf(t.db);
    const error = await rejection(addEvidence(t.db, of, "1.1", { kind: "link", url: "javascript:alert(1)" }));
    expect(error.fieldErrors).toEqual({ url: ["dossier.evidence.badUrl"] });
  });

  it("submits a complete dossier, then makes it read-only, with events and a notification", async () => {
    const of = await createOf(t.db);
    await completeAll(of);
    const sent: { to: string; subject: string }[] = [];
    const mailer = { send: async (m: { to: string; subject: string; text: string }) => void sent.push(m), listLocal: async () => null };
    toTest.use(mailer);
    const result = await submitDossier(t.db, of);
    expect(result).toEqual({ status: "soumis", resubmission: false, changedCodes: [] });
    expect(sent).toEqual([
      expect.objectContaining({ to: of.actor.email, subject: "Datadock — Votre dossier est passé au statut « Soumis »" }),
    ]);
    const dossier = (await findOfDossier(t.db, of.organisationId))!;
    expect(dossier.status).toBe("soumis");
    expect(dossier.submitted_at).not.toBeNull();

    const readOnly = await rejection(saveDescription(t.db, of, "1.1", "Modifié après soumission"));
    expect(readOnly.kind).toBe("conflict");
    expect(readOnly.messageKey).toBe("dossier.readOnly");
    expect((await rejection(addEvidence(t.db, of, "1.1", { kind: "link", url: "https://x.example" }))).kind).toBe("conflict");
    expect((await rejection(setNotApplicable(t.db, of, "2.1", false, null))).kind).toBe("conflict");
    const again = await rejection(submitDossier(t.db, of));
    expect(again.messageKey).toBe("dossier.transition.invalid");

    const kinds = (await listTimeline(t.db, dossier.id)).map((e) => e.kind);
    expect(kinds[0]).toBe("dossier.submitted");
    expect(kinds).toEqual(expect.arrayContaining(["dossier.created", "answer.updated", "evidence.added", "answer.not_applicable"]));
    const notes = await listNotifications(t.db, of.userId);
    expect(notes[0]).toMatchObject({ kind: "dossier.status_changed", payload: { status: "soumis" }, read: false });
  });

  it("coalesces autosave events and ignores unchanged text", async () => {
    const of = await createOf(t.db);
    await saveDescription(t.db, of, "1.1", "a");
    await saveDescription(t.db, of, "1.1", "ab");
    const answer = await saveDescription(t.db, of, "1.1", "ab");
    expect(answer.version).toBe(2);
    const dossier = (await findOfDossier(t.db, of.organisationId))!;
    expect((await listTimeline(t.db, dossier.id)).filter((e) => e.kind === "answer.updated")).toHaveLength(1);
  });

  it("keeps replaced and removed evidence in the history", async () => {
    const of = await createOf(t.db);
    const first = await addEvidence(t.db, of, "1.1", { kind: "file", fileId: await fakeFile(t.db, of.organisationId, "v1.pdf") });
    const second = await replaceEvidence(t.db, of, "1.1", first.id, {
      kind: "file",
      fileId: await fakeFile(t.db, of.organisationId, "v2.pdf"),
    });
    const link = await addEvidence(t.db, of, "1.1", { kind: "link", url: "https://of.example/page" });
    await removeEvidence(t.db, of, "1.1", link.id);
    const dossier = (await findOfDossier(t.db, of.organisationId))!;
    const indicator = await requireIndicator(t.db, dossier.referentiel_version_id, "1.1");
    const items = await listEvidence(t.db, dossier.id, indicator.id);
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({ id: second.id, label: "v2.pdf", replacedBy: null, removedAt: null });
    expect(items.find((i) => i.id === first.id)).toMatchObject({ replacedBy: second.id });
    expect(items.find((i) => i.id === link.id)?.removedAt).not.toBeNull();
    // A replaced item cannot be replaced or removed again.
    expect((await rejection(removeEvidence(t.db, of, "1.1", first.id))).kind).toBe("not_found");
  });

  it("resubmits after à compléter: only changed indicators go back, changed validations become stale", async () => {
    const of = await createOf(t.db);
    await completeAll(of);
    await submitDossier(t.db, of);
    const dossier = (await findOfDossier(t.db, of.organisationId))!;
    await funderDecides(t.db, dossier.id, { "1.1": "a_completer", "1.2": "valide", "2.1": "non_conforme" });

    // The OF changes 1.1 (asked) and 1.2 (already validated), leaves 2.1 alone.
    await saveDescription(t.db, of, "1.1", "<p>Objectifs précisés</p>");
    await addEvidence(t.db, of, "1.2", { kind: "link", url: "https://of.example/public" });
    const reviews = async () =>
      t.db
        .selectFrom("indicator_reviews")
        .innerJoin("indicators", "indicators.id", "indicator_reviews.indicator_id")
        .select(["indicators.code", "indicator_reviews.decision", "indicator_reviews.stale"])
        .where("dossier_id", "=", dossier.id)
        .orderBy("indicators.code")
        .execute();
    expect(await reviews()).toEqual([
      { code: "1.1", decision: "a_completer", stale: false },
      { code: "1.2", decision: "valide", stale: true },
      { code: "2.1", decision: "non_conforme", stale: false },
    ]);

    const result = await submitDossier(t.db, of);
    expect(result.resubmission).toBe(true);
    expect(result.changedCodes.sort()).toEqual(["1.1", "1.2"]);
    // 1.1 goes back to examination (decision cleared); 1.2 keeps its stale validation; 2.1 untouched.
    expect(await reviews()).toEqual([
      { code: "1.2", decision: "valide", stale: true },
      { code: "2.1", decision: "non_conforme", stale: false },
    ]);
    const flags = await t.db
      .selectFrom("indicator_answers")
      .select("changed_since_submission")
      .where("dossier_id", "=", dossier.id)
      .execute();
    expect(flags.every((f) => f.changed_since_submission === false)).toBe(true);
    const events = await listTimeline(t.db, dossier.id);
    expect(events[0]).toMatchObject({ kind: "dossier.resubmitted" });
    expect((events[0]?.payload.changedCodes as string[]).sort()).toEqual(["1.1", "1.2"]);
  });

  it("never touches another OF's dossier or files", async () => {
    const a = await createOf(t.db);
    const b = await createOf(t.db);
    const fileOfB = await fakeFile(t.db, b.organisationId);
    const error = await rejection(addEvidence(t.db, a, "1.1", { kind: "file", fileId: fileOfB }));
    expect(error.kind).toBe("not_found");
    const evidenceOfB = await addEvidence(t.db, b, "1.1", { kind: "link", url: "https://b.example" });
    expect((await rejection(removeEvidence(t.db, a, "1.1", evidenceOfB.id))).kind).toBe("not_found");
    expect((await rejection(replaceEvidence(t.db, a, "1.1", evidenceOfB.id, { kind: "link", url: "https://a.example" }))).kind).toBe(
      "not_found",
    );
  });
});
