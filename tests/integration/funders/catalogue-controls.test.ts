import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { makeDossier, makeOrganisation, makeReferentiel, memoryMailer, type MadeReferentiel } from "../../factories/records";
import { addToCatalogue, catalogueHistory, listCatalogue, removeFromCatalogue } from "../../../domain/catalogues/catalogue.service";
import { toCsv } from "../../../domain/catalogues/catalogue-csv";
import { closeAlert, dereference, openControl, raiseAlert, listAlerts } from "../../../domain/controls/controls.service";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDiskFileStore } from "../../../domain/files/disk-file-store";
import { storeUpload } from "../../../domain/files/upload.service";
import { findReadableFile } from "../../../domain/permissions/resource-access.service";
import { listTimeline } from "../../../domain/dossiers/timeline";
import { chunksOf, samples } from "../of-dossiers/sample-files";
import { addNote, getNote, listNotes } from "../../../domain/funder-space/notes.service";
import { decideIndicator } from "../../../domain/examination/decision";
import { closeExamination } from "../../../domain/examination/close";
import type { Actor } from "../../../domain/permissions/actor";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { startTestDispatcher, switchableMailer } from "../../setup/event-dispatcher";

describe("catalogues, controls and the funders' space", () => {
  let t: TestDatabase;
  let ref: MadeReferentiel;
  let funderA: Awaited<ReturnType<typeof makeOrganisation>>;
  let funderB: Awaited<ReturnType<typeof makeOrganisation>>;
  let adminA: Actor;
  let adminB: Actor;
  let coordinator: Actor;
  let dispatcher: EventDispatcher;
  // Controls tell the OF from their recorded events (decision 030): each test reads the mailer it chose.
  const mails = switchableMailer();

  beforeAll(async () => {
    t = await createTestDatabase();
    dispatcher = await startTestDispatcher(t.db, { mailer: mails });
    ref = await makeReferentiel(t.db);
    funderA = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    funderB = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    adminA = funderA.users[0]!.actor;
    adminB = funderB.users[0]!.actor;
    coordinator = (await makeOrganisation(t.db, "coordination", ["coordinator"])).users[0]!.actor;
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await t?.close();
  });

  async function datadockedOf() {
    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    const d = await makeDossier(t.db, of, ref, { status: "datadocke" });
    return { of, dossierId: d.id };
  }

  it("adds only datadocké OFs, once, to the funder's own catalogue", async () => {
    const { of } = await datadockedOf();
    await addToCatalogue(t.db, adminA, { funderId: funderA.id, organisationId: of.id, reason: "Partenaire" });
    await expect(addToCatalogue(t.db, adminA, { funderId: funderA.id, organisationId: of.id })).rejects.toMatchObject({
      messageKey: "catalogue.alreadyListed",
    });
    const pending = await makeOrganisation(t.db, "of", ["of_admin"]);
    await makeDossier(t.db, pending, ref, { status: "en_examen" });
    await expect(addToCatalogue(t.db, adminA, { funderId: funderA.id, organisationId: pending.id })).rejects.toMatchObject({
      messageKey: "catalogue.notDatadocke",
    });
    const rows = await listCatalogue(t.db, funderA.id);
    expect(rows.map((r) => [r.organisationId, r.status, r.reason])).toEqual([[of.id, "datadocke", "Partenaire"]]);
    expect(await listCatalogue(t.db, funderB.id)).toEqual([]);
  });

  it("funder B cannot change funder A's catalogue; an OF cannot either", async () => {
    const { of } = await datadockedOf();
    await expect(addToCatalogue(t.db, adminB, { funderId: funderA.id, organisationId: of.id })).rejects.toMatchObject({
      kind: "forbidden",
    });
    await addToCatalogue(t.db, adminA, { funderId: funderA.id, organisationId: of.id });
    await expect(removeFromCatalogue(t.db, adminB, { funderId: funderA.id, organisationId: of.id, reason: "x" })).rejects.toMatchObject({
      kind: "forbidden",
    });
    await expect(
      removeFromCatalogue(t.db, of.users[0]!.actor, { funderId: funderA.id, organisationId: of.id, reason: "x" }),
    ).rejects.toMatchObject({
      kind: "forbidden",
    });
  });

  it("removes with a required reason and keeps the history", async () => {
    const { of } = await datadockedOf();
    await addToCatalogue(t.db, adminA, { funderId: funderA.id, organisationId: of.id });
    await expect(removeFromCatalogue(t.db, adminA, { funderId: funderA.id, organisationId: of.id, reason: " " })).rejects.toMatchObject({
      kind: "validation",
    });
    await removeFromCatalogue(t.db, adminA, { funderId: funderA.id, organisationId: of.id, reason: "Fin de partenariat" });
    const history = (await catalogueHistory(t.db, funderA.id)).filter((h) => h.organisationId === of.id);
    expect(history.map((h) => [h.action, h.reason])).toEqual([
      ["removed", "Fin de partenariat"],
      ["added", null],
    ]);
  });

  it("exports CSV safely", () => {
    const csv = toCsv(
      ["Nom", "Motif"],
      [
        ["A; B", "=cmd()"],
        ['Dit "oui"', null],
      ],
    );
    expect(csv).toBe('\uFEFFNom;Motif\r\n"A; B";\'=cmd()\r\n"Dit ""oui""";\r\n');
  });

  it("alerts by any funder; a control sends chosen indicators back; the examiner re-decides them", async () => {
    const reviewer = (await makeOrganisation(t.db, "funder", ["funder_reviewer"])).users[0]!.actor;
    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    const d = await makeDossier(t.db, of, ref, { status: "en_examen", examinerId: reviewer.userId });
    for (const i of ref.indicators)
      await decideIndicator(t.db, reviewer, { dossierId: d.id, indicatorId: i.id, decision: "valide", expectedVersion: null });
    await closeExamination(t.db, reviewer, { dossierId: d.id, outcome: "declare_datadocke" });

    const alert = await raiseAlert(t.db, adminB, { organisationId: of.id, reason: "Plainte d'un stagiaire" });
    await expect(raiseAlert(t.db, of.users[0]!.actor, { organisationId: of.id, reason: "x" })).rejects.toMatchObject({ kind: "forbidden" });
    expect((await listAlerts(t.db, coordinator, of.id)).map((a) => a.id)).toEqual([alert.id]);

    const mailer = memoryMailer();
    mails.use(mailer);
    const target = ref.indicators[1]!;
    const controlled = await openControl(t.db, coordinator, {
      dossierId: d.id,
      indicatorIds: [target.id],
      reason: "Vérifier",
      alertId: alert.id,
    });
    expect(controlled.status).toBe("en_examen");
    expect(mailer.sent).toHaveLength(1);
    const reviews = await t.db
      .selectFrom("indicator_reviews")
      .select(["indicator_id", "stale", "version"])
      .where("dossier_id", "=", d.id)
      .execute();
    expect(reviews.filter((r) => r.stale).map((r) => r.indicator_id)).toEqual([target.id]);
    await expect(closeExamination(t.db, reviewer, { dossierId: d.id, outcome: "declare_datadocke" })).rejects.toMatchObject({
      messageKey: "examination.close.stale",
    });
    await decideIndicator(t.db, reviewer, { dossierId: d.id, indicatorId: target.id, decision: "valide", expectedVersion: 1 });
    expect((await closeExamination(t.db, reviewer, { dossierId: d.id, outcome: "declare_datadocke" })).status).toBe("datadocke");
  });

  it("déréférence: status, removal from every catalogue, history and notification", async () => {
    const { of, dossierId } = await datadockedOf();
    await addToCatalogue(t.db, adminA, { funderId: funderA.id, organisationId: of.id });
    await addToCatalogue(t.db, adminB, { funderId: funderB.id, organisationId: of.id });
    const mailer = memoryMailer();
    mails.use(mailer);
    await expect(dereference(t.db, of.users[0]!.actor, { dossierId, reason: "x" })).rejects.toMatchObject({ kind: "forbidden" });
    // De-listing needs a funder admin (decision record 022): neither the coordination nor a reviewer.
    await expect(dereference(t.db, coordinator, { dossierId, reason: "x" })).rejects.toMatchObject({ kind: "forbidden" });
    const reviewer = (await makeOrganisation(t.db, "funder", ["funder_reviewer"])).users[0]!.actor;
    await expect(dereference(t.db, reviewer, { dossierId, reason: "x" })).rejects.toMatchObject({
      kind: "forbidden",
      messageKey: "controls.deListForbidden",
    });
    await expect(dereference(t.db, adminB, { dossierId, reason: "  " })).rejects.toMatchObject({
      kind: "validation",
      fieldErrors: { reason: ["controls.deListReasonRequired"] },
    });
    const d = await dereference(t.db, adminB, { dossierId, reason: "Fraude avérée" });
    expect(d.status).toBe("dereference");
    expect((await listCatalogue(t.db, funderA.id)).some((r) => r.organisationId === of.id)).toBe(false);
    expect((await listCatalogue(t.db, funderB.id)).some((r) => r.organisationId === of.id)).toBe(false);
    expect((await catalogueHistory(t.db, funderB.id)).find((h) => h.organisationId === of.id)).toMatchObject({
      action: "removed",
      reason: "Fraude avérée",
    });
    expect(mailer.sent.map((m) => m.to)).toEqual([of.users[0]!.email]);
    expect(mailer.sent[0]!.text).toContain("Fraude avérée");
    const record = await t.db.selectFrom("de_listings").selectAll().where("organisation_id", "=", of.id).execute();
    expect(record).toMatchObject([
      { dossier_id: dossierId, decided_by: adminB.userId, decided_by_organisation_id: funderB.id, reason: "Fraude avérée" },
    ]);
    const told = await t.db.selectFrom("notifications").select(["kind", "payload"]).where("user_id", "=", of.users[0]!.id).execute();
    expect(told).toMatchObject([{ kind: "control.dereferenced", payload: { reason: "Fraude avérée" } }]);
  });

  it("funders' notes are visible to funders and coordinators, never to the OF (even by id)", async () => {
    const { of } = await datadockedOf();
    const note = await addNote(t.db, adminA, { organisationId: of.id, kind: "note", body: "Entretien téléphonique" });
    await addNote(t.db, coordinator, { organisationId: of.id, kind: "comment", body: "Vu" });
    expect((await listNotes(t.db, adminB, of.id)).map((n) => n.body).sort()).toEqual(["Entretien téléphonique", "Vu"]);
    const ofActor = of.users[0]!.actor;
    await expect(listNotes(t.db, ofActor, of.id)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(getNote(t.db, ofActor, note.id)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(addNote(t.db, ofActor, { organisationId: of.id, kind: "note", body: "x" })).rejects.toMatchObject({ kind: "forbidden" });
    expect((await getNote(t.db, coordinator, note.id)).body).toBe("Entretien téléphonique");
  });

  it("alerts: a reason and an optional content-checked attachment, closed with a note by the raiser or the coordination, never shown to the OF", async () => {
    const { of, dossierId } = await datadockedOf();
    const ofActor = of.users[0]!.actor;
    const dir = mkdtempSync(join(tmpdir(), "datadock-alerts-"));
    try {
      const deps = { db: t.db, files: createDiskFileStore(dir), maxBytes: 1024 * 1024 };
      const owner = { organisationId: funderA.id, userId: adminA.userId };
      // The attachment goes through the file store with its magic-byte check.
      await expect(storeUpload(deps, owner, { fileName: "rapport.pdf", data: chunksOf(samples.exe) })).rejects.toMatchObject({
        messageKey: "upload.typeRefused",
      });
      const file = await storeUpload(deps, owner, { fileName: "constat.pdf", data: chunksOf(samples.pdf) });
      const withFile = await raiseAlert(t.db, adminA, { organisationId: of.id, reason: "Formateur absent", fileId: file.id });
      // Another organisation's file (here funder B's) cannot be attached by funder A.
      const foreign = await storeUpload(
        deps,
        { organisationId: funderB.id, userId: adminB.userId },
        { fileName: "b.pdf", data: chunksOf(samples.pdf) },
      );
      await expect(raiseAlert(t.db, adminA, { organisationId: of.id, reason: "x", fileId: foreign.id })).rejects.toMatchObject({
        fieldErrors: { attachment: ["controls.alertFileUnknown"] },
      });
      await expect(raiseAlert(t.db, adminA, { organisationId: of.id, reason: "   " })).rejects.toMatchObject({
        fieldErrors: { reason: ["controls.reasonRequired"] },
      });
      const byB = await raiseAlert(t.db, adminB, { organisationId: of.id, reason: "Locaux inadaptés" });

      let alerts = await listAlerts(t.db, adminA, of.id);
      expect(alerts.map((a) => [a.reason, a.fileName, a.status, a.canClose])).toEqual([
        ["Locaux inadaptés", null, "open", false],
        ["Formateur absent", "constat.pdf", "open", true],
      ]);
      // The attachment: readable by funders, not by the OF.
      expect((await findReadableFile(t.db, adminB, file.id)).id).toBe(file.id);
      await expect(findReadableFile(t.db, ofActor, file.id)).rejects.toMatchObject({ kind: "not_found" });
      await expect(listAlerts(t.db, ofActor, of.id)).rejects.toMatchObject({ kind: "forbidden" });

      // Closing: funder A may not close B's alert; the OF never; a note is required.
      await expect(closeAlert(t.db, adminA, { alertId: byB.id, note: "Vu" })).rejects.toMatchObject({ kind: "forbidden" });
      await expect(closeAlert(t.db, ofActor, { alertId: withFile.id, note: "Vu" })).rejects.toMatchObject({ kind: "forbidden" });
      await expect(closeAlert(t.db, adminA, { alertId: withFile.id, note: " " })).rejects.toMatchObject({
        fieldErrors: { note: ["controls.noteRequired"] },
      });
      await closeAlert(t.db, adminA, { alertId: withFile.id, note: "Remplacement organisé" });
      await expect(closeAlert(t.db, adminA, { alertId: withFile.id, note: "encore" })).rejects.toMatchObject({
        messageKey: "controls.alertAlreadyClosed",
      });
      await closeAlert(t.db, coordinator, { alertId: byB.id, note: "Visite faite, locaux conformes" });

      alerts = await listAlerts(t.db, adminB, of.id);
      expect(alerts.map((a) => [a.status, a.closingNote, a.closedByName !== null, a.canClose])).toEqual([
        ["closed", "Visite faite, locaux conformes", true, false],
        ["closed", "Remplacement organisé", true, false],
      ]);
      // Traced on the dossier for funders; the OF's history leaves the closed space out.
      const funderSide = (await listTimeline(t.db, dossierId, 200, "funder")).map((e) => e.kind);
      expect(funderSide.filter((k) => k === "alert.raised")).toHaveLength(2);
      expect(funderSide.filter((k) => k === "alert.closed")).toHaveLength(2);
      const ofSide = (await listTimeline(t.db, dossierId)).map((e) => e.kind);
      expect(ofSide.some((k) => k.startsWith("alert."))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
