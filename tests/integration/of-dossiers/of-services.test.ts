import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createOf, createOrganisationWithUser, createReferentiel, fakeFile, funderDecides } from "./fixtures";
import { saveDescription, setNotApplicable } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import { ofDossierOverview } from "../../../domain/dossiers/dossier-overview";
import { selfDiagnosis, setSelfAssessment } from "../../../domain/self-diagnosis/self-diagnosis.service";
import { declareCertificate, listActiveLabels } from "../../../domain/circuit-court/circuit-court.service";
import { addCorrectiveAction, listCorrectiveActions, setCorrectiveActionStatus } from "../../../domain/dossiers/corrective-actions.service";
import { listThreadMessages, postOfMessage } from "../../../domain/threads/of-threads.service";
import { listOrganisationChanges, updateOfProfile, type ProfileInput } from "../../../domain/organisations/of-profile.service";
import { listNotifications, markRead, unreadCount } from "../../../domain/notifications/notifications.service";
import { listTimeline } from "../../../domain/dossiers/timeline";
import { completeSiret } from "../../../domain/organisations/identifiers";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { startTestDispatcher } from "../../setup/event-dispatcher";
import { rejection } from "../../setup/domain-rejection";

function isoOffset(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe("OF dossier services", () => {
  let t: TestDatabase;
  let labelId: string;
  let events: EventDispatcher;
  beforeAll(async () => {
    t = await createTestDatabase();
    await createReferentiel(t.db);
    // The OF's notifications are written after the commit, by the dispatcher (decision 030).
    events = await startTestDispatcher(t.db, { mailer: { send: async () => {}, listLocal: async () => null } });
    labelId = (await t.db.insertInto("cnefop_labels").values({ name: "ISQ-OPQF" }).returning("id").executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await events?.stop();
    await t?.close();
  });

  it("overview shows progress per criterion and the funders' decisions", async () => {
    const of = await createOf(t.db);
    await saveDescription(t.db, of, "1.1", "x");
    await addEvidence(t.db, of, "1.1", { kind: "link", url: "https://of.example" });
    const overview = await ofDossierOverview(t.db, of);
    expect(overview).toMatchObject({ status: "brouillon", editable: true, complete: 1, total: 3 });
    expect(overview.criteria.map((c) => [c.number, c.complete, c.total])).toEqual([
      [1, 1, 2],
      [2, 0, 1],
    ]);
    expect(overview.criteria[0]?.indicators[1]).toMatchObject({ code: "1.2", missing: ["description", "evidence"], review: null });
  });

  it("self-diagnosis scores each criterion and lists the gaps, without touching the status", async () => {
    const of = await createOf(t.db);
    await setSelfAssessment(t.db, of, "1.1", "oui");
    await setSelfAssessment(t.db, of, "1.2", "en_partie");
    await setSelfAssessment(t.db, of, "1.2", "en_partie");
    const d = await selfDiagnosis(t.db, of);
    expect(d.criteria.map((c) => c.score)).toEqual([75, 0]);
    expect(d.overall).toBe(50);
    expect(d.answered).toBe(2);
    expect(d.gaps.map((g) => [g.code, g.level])).toEqual([
      ["1.2", "en_partie"],
      ["2.1", null],
    ]);
    expect((await rejection(setSelfAssessment(t.db, of, "1.1", "peut-être"))).kind).toBe("validation");
    expect((await findOfDossier(t.db, of.organisationId))!.status).toBe("brouillon");
  });

  it("circuit court exempts proof while the certificate is valid, not after it expires", async () => {
    const of = await createOf(t.db);
    for (const code of ["1.1", "1.2", "2.1"]) await saveDescription(t.db, of, code, `Description ${code}`);
    await addEvidence(t.db, of, "1.2", { kind: "link", url: "https://of.example/1-2" }); // 1.2 never exempt
    expect((await rejection(submitDossier(t.db, of))).fieldErrors).toHaveProperty("1.1");

    const certificate = await fakeFile(t.db, of.organisationId, "attestation.pdf");
    expect((await listActiveLabels(t.db)).map((l) => l.name)).toContain("ISQ-OPQF");
    const bad = await rejection(
      declareCertificate(t.db, of, { labelId, fileId: certificate, validFrom: isoOffset(10), validTo: isoOffset(1) }),
    );
    expect(bad.fieldErrors).toEqual({ validTo: ["circuitCourt.errors.dates"] });

    await declareCertificate(t.db, of, { labelId, fileId: certificate, validFrom: isoOffset(-400), validTo: isoOffset(-1) });
    let overview = await ofDossierOverview(t.db, of);
    expect(overview.circuitCourt).toMatchObject({ active: false, latest: { expired: true, labelName: "ISQ-OPQF" } });
    expect(overview.complete).toBe(1);

    await declareCertificate(t.db, of, { labelId, fileId: certificate, validFrom: isoOffset(-1), validTo: isoOffset(365) });
    overview = await ofDossierOverview(t.db, of);
    expect(overview.circuitCourt.active).toBe(true);
    expect(overview.complete).toBe(3);
    expect((await submitDossier(t.db, of)).status).toBe("soumis");
    const kinds = (await listTimeline(t.db, overview.dossierId)).map((e) => e.kind);
    expect(kinds).toContain("circuit_court.declared");
  });

  it("answers a funder: thread messages with attachment, corrective actions, notifications", async () => {
    const of = await createOf(t.db);
    const funder = await createOrganisationWithUser(t.db, "funder", "funder_reviewer");
    await saveDescription(t.db, of, "1.1", "x");
    await addEvidence(t.db, of, "1.1", { kind: "link", url: "https://of.example" });
    await saveDescription(t.db, of, "1.2", "x");
    await addEvidence(t.db, of, "1.2", { kind: "link", url: "https://of.example" });
    await setNotApplicable(t.db, of, "2.1", true, "Sans objet");
    await submitDossier(t.db, of);
    const dossier = (await findOfDossier(t.db, of.organisationId))!;
    await t.db.updateTable("dossiers").set({ examiner_id: funder.userId }).where("id", "=", dossier.id).execute();
    await funderDecides(t.db, dossier.id, { "1.1": "a_completer" });

    const overview = await ofDossierOverview(t.db, of);
    expect(overview.criteria[0]?.indicators[0]?.review).toMatchObject({ decision: "a_completer", reason: "Motif pour 1.1" });

    const attachment = await fakeFile(t.db, of.organisationId, "complement.pdf");
    const { threadId } = await postOfMessage(t.db, of, "1.1", "Voici le programme détaillé.", attachment);
    const messages = await listThreadMessages(t.db, of.organisationId, threadId);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ body: "Voici le programme détaillé.", fromOf: true, fileName: "complement.pdf" });
    expect(await unreadCount(t.db, funder.userId)).toBe(1);
    expect((await rejection(postOfMessage(t.db, of, "1.1", "   "))).kind).toBe("validation");

    const actionId = await addCorrectiveAction(t.db, of, "1.1", {
      what: "Rédiger les programmes",
      who: "Mme Responsable",
      dueOn: "2027-01-31",
    });
    await setCorrectiveActionStatus(t.db, of, actionId, "en_cours");
    expect(await listCorrectiveActions(t.db, dossier.id)).toEqual([
      {
        id: actionId,
        what: "Rédiger les programmes",
        who: "Mme Responsable",
        dueOn: "2027-01-31",
        status: "en_cours",
        overdue: false,
        acceptedAt: null,
      },
    ]);
    expect((await rejection(addCorrectiveAction(t.db, of, "1.1", { what: "", who: "x", dueOn: "demain" }))).fieldErrors).toEqual({
      what: ["errors.required"],
      dueOn: ["dossier.errors.date"],
    });

    const notes = await listNotifications(t.db, of.userId);
    expect(notes.length).toBeGreaterThan(0);
    expect(await markRead(t.db, of.userId)).toBe(await Promise.resolve(notes.filter((n) => !n.read).length));
    expect(await unreadCount(t.db, of.userId)).toBe(0);
  });

  it("profile: of_admin only; changes after datadocké are logged for funders", async () => {
    const { actor, organisationId } = await createOrganisationWithUser(t.db, "of", "of_admin");
    const member = await createOrganisationWithUser(t.db, "of", "of_member");
    const siret = completeSiret("1234567890123");
    const input: ProfileInput = {
      name: "Formations Exemple",
      siret,
      nda: "11 75 12345 67",
      address: "1 rue de la Paix",
      postal_code: "75002",
      city: "Paris",
      region: "Île-de-France",
      website: "https://formations.example",
      contact_email: "Contact@Formations.example",
      phone: "01 02 03 04 05",
      training_domains: "Bureautique, Langues\nLangues",
    };
    const changed = await updateOfProfile(t.db, actor, organisationId, input);
    expect(changed).toContain("name");
    expect(await listOrganisationChanges(t.db, organisationId)).toEqual([]); // not datadocké yet
    const saved = await t.db.selectFrom("organisations").selectAll().where("id", "=", organisationId).executeTakeFirstOrThrow();
    expect(saved).toMatchObject({
      siret,
      siren: siret.slice(0, 9),
      nda: "11751234567",
      contact_email: "contact@formations.example",
      training_domains: ["Bureautique", "Langues"],
    });

    expect((await rejection(updateOfProfile(t.db, member.actor, organisationId, input))).kind).toBe("forbidden");
    expect(
      (await rejection(updateOfProfile(t.db, actor, organisationId, { ...input, siret: "12345678901234", postal_code: "7500" })))
        .fieldErrors,
    ).toEqual({
      siret: ["profile.errors.siret"],
      postal_code: ["profile.errors.postalCode"],
    });

    const version = await t.db.selectFrom("referentiel_versions").select("id").executeTakeFirstOrThrow();
    await t.db
      .insertInto("dossiers")
      .values({ organisation_id: organisationId, referentiel_version_id: version.id, status: "datadocke" })
      .execute();
    expect(await updateOfProfile(t.db, actor, organisationId, { ...input, city: "Lyon", postal_code: "69001" })).toEqual([
      "postal_code",
      "city",
    ]);
    const log = await listOrganisationChanges(t.db, organisationId);
    expect(log.map((c) => [c.field, c.oldValue, c.newValue]).sort()).toEqual([
      ["city", "Paris", "Lyon"],
      ["postal_code", "75002", "69001"],
    ]);
  });
});
