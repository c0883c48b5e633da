import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { startTestDispatcher } from "../../setup/event-dispatcher";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { createDiskFileStore } from "../../../domain/files/disk-file-store";
import type { Mailer, OutgoingMail } from "../../../domain/mail/mailer";
import type { Actor } from "../../../domain/permissions/actor";
import { nextSiret } from "../../factories/records";
import { createOf, createOrganisationWithUser, createReferentiel, fakeFile, funderDecides } from "./fixtures";
import { saveDescription, setNotApplicable } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { findOfDossier, getOrCreateOfDossier } from "../../../domain/dossiers/dossier-access";
import type { OfScope } from "../../../domain/dossiers/of-scope";
import { loadReviewRoom } from "../../../domain/examination/review-room.view";
import { openReferentielVersion } from "../../../domain/referentiels/open-referentiel.service";
import { listCoordinationLog } from "../../../domain/coordination/coordination-log";
import { getOfProfile, updateOfProfile, type ProfileInput } from "../../../domain/organisations/of-profile.service";
import { listNotifications } from "../../../domain/notifications/notifications.service";
import { samples } from "./sample-files";
import { findReadableFile } from "../../../domain/permissions/resource-access.service";
import { flashToastOf } from "../../setup/flash-cookie";
import { translate } from "../../../domain/i18n/translate";

/**
 * What changes around a dossier after it is written, on a real database and the real Remix build (server-side
 * rendering): the open référentiel, the "changed since the last submission" marker, profile
 * changes shown to funders, and the OF hearing of every status change and new reason.
 */
let t: TestDatabase;
let events: EventDispatcher;
let dir: string;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
let coordinator: Actor;
let reviewer: Actor;
let firstVersionId: string;
const sent: OutgoingMail[] = [];
const mailer: Mailer = {
  send: async (mail) => void sent.push(mail),
  listLocal: async () => null,
};

beforeAll(async () => {
  t = await createTestDatabase();
  firstVersionId = (await createReferentiel(t.db)).versionId;
  coordinator = (await createOrganisationWithUser(t.db, "coordination", "coordinator")).actor;
  reviewer = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer")).actor;
  dir = mkdtempSync(join(tmpdir(), "datadock-gaps-"));
  // As server/ does: the OF hears of the funders' actions through the domain-event dispatcher (decision 030).
  events = await startTestDispatcher(t.db, { mailer });
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  handle = createRequestHandler(build, "production");
});
afterAll(async () => {
  await events?.stop();
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

function contextFor(actor: Actor): AppLoadContext {
  return testLoadContext({ db: t.db, actor, services: { files: createDiskFileStore(join(dir, "files")), mailer } });
}

async function page(actor: Actor, path: string) {
  const response = await handle(new Request(`http://localhost${path}`), contextFor(actor));
  return { status: response.status, html: await response.text() };
}

async function post(actor: Actor, path: string, fields: Record<string, string>) {
  const response = await handle(
    new Request(`http://localhost${path}`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
    contextFor(actor),
  );
  return { status: response.status, html: await response.text(), toast: flashToastOf(response.headers.get("set-cookie")) };
}

async function completeAll(scope: OfScope) {
  await saveDescription(t.db, scope, "1.1", "<p>Objectifs écrits</p>");
  await addEvidence(t.db, scope, "1.1", { kind: "link", url: "https://of.example/objectifs" });
  await saveDescription(t.db, scope, "1.2", "Public décrit");
  await addEvidence(t.db, scope, "1.2", { kind: "file", fileId: await fakeFile(t.db, scope.organisationId) });
  await setNotApplicable(t.db, scope, "2.1", true, "Aucun accueil physique");
}

describe("the open référentiel", () => {
  it("the coordinator chooses the published version new dossiers use; existing dossiers keep theirs; traced", async () => {
    const before = await createOf(t.db);
    const filedBefore = await getOrCreateOfDossier(t.db, before.organisationId, before.userId);
    const second = await createReferentiel(t.db);

    await expect(openReferentielVersion(t.db, reviewer, second.versionId)).rejects.toMatchObject({ kind: "forbidden" });
    const draft = await t.db
      .insertInto("referentiel_versions")
      .values({ referentiel_id: second.referentielId, version: 2, status: "draft" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(openReferentielVersion(t.db, coordinator, draft.id)).rejects.toMatchObject({
      messageKey: "referentiels.openNotPublished",
    });

    // Through the coordination page: the control is there, and the choice takes effect.
    const list = await page(coordinator, "/coordination/referentiels");
    expect(list.status).toBe(200);
    expect(list.html).toContain("Ouvrir aux nouveaux dossiers");
    const opened = await post(coordinator, "/coordination/referentiels", { intent: "open", versionId: second.versionId });
    // Done: back to the list with a toast (decision 034) that says so.
    expect(opened.status).toBe(302);
    expect(opened.toast?.messageKey).toBe("referentiels.open.done");
    expect(translate("referentiels.open.done")).toContain("Cette version est désormais ouverte");

    const after = await createOf(t.db);
    const filedAfter = await getOrCreateOfDossier(t.db, after.organisationId, after.userId);
    expect(filedAfter.referentiel_version_id).toBe(second.versionId);
    const kept = await t.db
      .selectFrom("dossiers")
      .select("referentiel_version_id")
      .where("id", "=", filedBefore.id)
      .executeTakeFirstOrThrow();
    expect(kept.referentiel_version_id).toBe(firstVersionId);

    // One open version at a time, also for the database itself.
    const open = await t.db.selectFrom("referentiel_versions").select("id").where("is_open", "=", true).execute();
    expect(open.map((o) => o.id)).toEqual([second.versionId]);
    await expect(
      t.db.updateTable("referentiel_versions").set({ is_open: true }).where("id", "=", firstVersionId).execute(),
    ).rejects.toThrow();

    // Back to the first one: new dossiers follow; every choice is in the log, with who made it.
    await openReferentielVersion(t.db, coordinator, firstVersionId);
    const third = await createOf(t.db);
    expect((await getOrCreateOfDossier(t.db, third.organisationId, third.userId)).referentiel_version_id).toBe(firstVersionId);
    const log = await listCoordinationLog(t.db, ["referentiel.opened"]);
    expect(log.map((l) => l.subjectId)).toEqual([firstVersionId, second.versionId]);
    expect(log[0]!.actorName).toBe(coordinator.fullName);
    const shown = await page(coordinator, "/coordination/referentiels");
    expect(shown.html).toMatch(/data-open="true"[^]*?Ouverte aux nouveaux dossiers/);
    expect(shown.html).toContain("Historique des ouvertures");

    const refused = await post(reviewer, "/coordination/referentiels", { intent: "open", versionId: second.versionId });
    expect(refused.status).toBe(403);
    expect((await t.db.selectFrom("referentiel_versions").select("id").where("is_open", "=", true).execute()).map((o) => o.id)).toEqual([
      firstVersionId,
    ]);
  });
});

describe("changed since the last submission", () => {
  it("marks, for the current round, exactly the indicators the OF changed, and filters on them", async () => {
    const of = await createOf(t.db);
    await completeAll(of);
    await submitDossier(t.db, of);
    const dossier = (await findOfDossier(t.db, of.organisationId))!;
    const marked = async () => {
      const view = await loadReviewRoom(t.db, reviewer, dossier.id);
      const all = view.rail.flatMap((c) => c.indicators);
      return { view, codes: all.filter((i) => i.changedSinceLastSubmission).map((i) => i.code) };
    };
    expect((await marked()).codes).toEqual([]); // a first submission changes nothing "since"

    await funderDecides(t.db, dossier.id, { "1.1": "a_completer", "1.2": "valide", "2.1": "valide" });
    await saveDescription(t.db, of, "1.1", "<p>Objectifs précisés</p>");
    await submitDossier(t.db, of);
    const round2 = await marked();
    expect(round2.codes).toEqual(["1.1"]);
    expect(round2.view.rail.flatMap((c) => c.indicators).find((i) => i.code === "1.1")?.state).toBe("modifie");

    // The review room's rail flags it: exactly the changed indicator carries the marker.
    const full = await page(reviewer, `/financeur/examens/${dossier.id}`);
    expect(full.status).toBe(200);
    const flagged = [...full.html.matchAll(/data-indicator="([0-9.]+)" data-changed-since-submission="true"/g)].map((m) => m[1]);
    expect(flagged).toEqual(["1.1"]);

    // Next round: the marker moves to what changed this time.
    await funderDecides(t.db, dossier.id, { "2.1": "a_completer" });
    await setNotApplicable(t.db, of, "2.1", true, "Formation uniquement à distance");
    await submitDossier(t.db, of);
    expect((await marked()).codes).toEqual(["2.1"]);
  });
});

describe("profile changes after datadocké", () => {
  it("are logged and shown on the funders' page about the OF, which the OF cannot open", async () => {
    const of = await createOf(t.db);
    await completeAll(of);
    await submitDossier(t.db, of);
    const dossier = (await findOfDossier(t.db, of.organisationId))!;
    await funderDecides(t.db, dossier.id, { "1.1": "valide", "1.2": "valide", "2.1": "valide" }, "datadocke");
    const input: ProfileInput = {
      name: "Formations du Finistère",
      siret: nextSiret(),
      nda: "53 29 12345 67",
      address: "2 quai de l'Odet",
      postal_code: "29000",
      city: "Quimper",
      region: "Bretagne",
      website: "https://formations29.example",
      contact_email: "contact@formations29.example",
      phone: "02 98 00 00 00",
      training_domains: "Bureautique",
    };
    await updateOfProfile(t.db, of.actor, of.organisationId, input);
    await updateOfProfile(t.db, of.actor, of.organisationId, { ...input, city: "Quimper-sur-Odet" });
    expect((await getOfProfile(t.db, of.organisationId)).city).toBe("Quimper-sur-Odet");

    const space = await page(reviewer, `/financeur/organismes/${of.organisationId}`);
    expect(space.status).toBe(200);
    expect(space.html).toContain("Modifications enregistrées depuis le référencement");
    expect(space.html).toContain("Quimper-sur-Odet");
    expect((await page(of.actor, `/financeur/organismes/${of.organisationId}`)).status).toBe(403);
  });
});

describe("the OF hears of every status change and new reason", () => {
  it("taking the dossier and giving a reason each send an email and an in-app notification", async () => {
    const of = await createOf(t.db);
    await completeAll(of);
    await submitDossier(t.db, of);
    const dossier = (await findOfDossier(t.db, of.organisationId))!;
    const examiner = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer")).actor;
    const ofEmail = of.actor.email;
    sent.length = 0;

    await post(examiner, `/financeur/examens/${dossier.id}`, { intent: "take" });
    expect((await t.db.selectFrom("dossiers").select("status").where("id", "=", dossier.id).executeTakeFirstOrThrow()).status).toBe(
      "en_examen",
    );
    const statusMails = sent.filter((m) => m.to === ofEmail);
    expect(statusMails).toHaveLength(1);
    expect(statusMails[0]!.subject).toContain("En examen");

    const indicator = await t.db
      .selectFrom("indicators")
      .select("id")
      .where("version_id", "=", dossier.referentiel_version_id)
      .where("code", "=", "1.2")
      .executeTakeFirstOrThrow();
    await post(examiner, `/financeur/examens/${dossier.id}`, {
      intent: "decide",
      indicatorId: indicator.id,
      decision: "a_completer",
      reason: "Joindre le programme",
      expectedVersion: "",
    });
    const reasonMails = sent.filter((m) => m.to === ofEmail).slice(1);
    expect(reasonMails).toHaveLength(1);
    expect(reasonMails[0]!.text).toContain("/organisme/dossier/indicateur/1.2");
    // A validation carries no reason: no mail.
    const valid = await t.db
      .selectFrom("indicators")
      .select("id")
      .where("version_id", "=", dossier.referentiel_version_id)
      .where("code", "=", "1.1")
      .executeTakeFirstOrThrow();
    await post(examiner, `/financeur/examens/${dossier.id}`, {
      intent: "decide",
      indicatorId: valid.id,
      decision: "valide",
      reason: "",
      expectedVersion: "",
    });
    expect(sent.filter((m) => m.to === ofEmail)).toHaveLength(2);

    const kinds = (await listNotifications(t.db, of.userId)).map((n) => n.kind);
    expect(kinds).toContain("indicator.reason");
    expect(kinds.filter((k) => k === "dossier.status_changed").length).toBeGreaterThanOrEqual(2); // submitted, then en examen
  });
});

describe("funder pages: alerts and funder revocation", () => {
  async function multipart(
    actor: Actor,
    path: string,
    fields: Record<string, string>,
    file?: { field: string; name: string; bytes: Buffer },
  ) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (file) form.append(file.field, new File([new Uint8Array(file.bytes)], file.name));
    const response = await handle(new Request(`http://localhost${path}`, { method: "POST", body: form }), contextFor(actor));
    return { status: response.status, html: await response.text() };
  }

  it("a funder raises an alert with an attachment from the OF page, closes it with a note; the OF sees none of it", async () => {
    const of = await createOf(t.db);
    const funder = await createOrganisationWithUser(t.db, "funder", "funder_admin");
    const path = `/financeur/organismes/${of.organisationId}`;
    const files = async () =>
      Number(
        (
          await t.db
            .selectFrom("files")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await files();

    const disguised = await multipart(
      funder.actor,
      path,
      { intent: "alert", reason: "Signalement" },
      { field: "attachment", name: "constat.pdf", bytes: samples.exe },
    );
    expect(disguised.html).toContain("ce type de fichier n&#x27;est pas accepté");
    expect(await files()).toBe(before);
    const refusedReason = await multipart(
      funder.actor,
      path,
      { intent: "alert", reason: " " },
      { field: "attachment", name: "constat n=2.pdf", bytes: samples.pdf },
    );
    expect(refusedReason.html).toContain("Un motif est obligatoire.");
    expect(await files()).toBe(before); // the stored attachment was discarded with the refused alert

    await multipart(
      funder.actor,
      path,
      { intent: "alert", reason: "Formateur absent trois jours" },
      { field: "attachment", name: "constat n=2.pdf", bytes: samples.pdf },
    );
    await multipart(funder.actor, path, { intent: "alert", reason: "Sans pièce jointe" });
    expect(await files()).toBe(before + 1);
    const space = await page(funder.actor, path);
    expect(space.html).toContain("Formateur absent trois jours");
    expect(space.html).toContain("constat n=2.pdf");
    expect(space.html.match(/Clore l&#x27;alerte/g)).toHaveLength(2);

    const alert = await t.db
      .selectFrom("alerts")
      .select(["id", "file_id"])
      .where("reason", "=", "Formateur absent trois jours")
      .executeTakeFirstOrThrow();
    const stored = await t.db.selectFrom("files").select("organisation_id").where("id", "=", alert.file_id!).executeTakeFirstOrThrow();
    expect(stored.organisation_id).toBe(funder.organisationId);
    const otherFunder = await createOrganisationWithUser(t.db, "funder", "funder_reviewer");
    expect((await post(otherFunder.actor, path, { intent: "close-alert", alertId: alert.id, note: "x" })).status).toBe(403);
    await post(funder.actor, path, { intent: "close-alert", alertId: alert.id, note: "Remplacement organisé" });
    const closed = await page(otherFunder.actor, path);
    expect(closed.html).toContain("Remplacement organisé");
    expect(closed.html).toContain("Close");

    // The OF: no funders' page, no alert in its history, no access to the attachment.
    expect((await page(of.actor, path)).status).toBe(403);
    await getOrCreateOfDossier(t.db, of.organisationId, of.userId);
    const history = await page(of.actor, "/organisme/dossier/historique");
    expect(history.html).not.toContain("alert.");
    await expect(findReadableFile(t.db, of.actor, alert.file_id!)).rejects.toMatchObject({ kind: "not_found" });
  });

  it("the coordination revokes a funder from the funders page, and reactivates it", async () => {
    const funder = await createOrganisationWithUser(t.db, "funder", "funder_admin", "Financeur à révoquer");
    const listed = await page(coordinator, "/coordination/financeurs");
    expect(listed.html).toContain("Révoquer");
    expect(
      (await post(funder.actor, "/coordination/financeurs", { intent: "deactivate-funder", funderId: funder.organisationId })).status,
    ).toBe(403);
    const revoked = await post(coordinator, "/coordination/financeurs", {
      intent: "deactivate-funder",
      funderId: funder.organisationId,
      note: "Fin de convention",
    });
    expect(revoked.status).toBe(302);
    expect(revoked.toast?.messageKey).toBe("funderRevocation.deactivated");
    expect(translate("funderRevocation.deactivated")).toContain("Le financeur est révoqué");
    expect((await page(coordinator, "/coordination/financeurs")).html).toContain("Financeur à révoquer révoqué par");
    const user = await t.db.selectFrom("users").select("disabled_at").where("id", "=", funder.userId).executeTakeFirstOrThrow();
    expect(user.disabled_at).not.toBeNull();
    const invite = await post(coordinator, "/coordination/financeurs", {
      intent: "invite-funder",
      organisationId: funder.organisationId,
      role: "funder_admin",
      email: "nouvel-admin@financeur.test",
    });
    expect(invite.html).toContain("Ce financeur est révoqué : réactivez-le avant d&#x27;inviter un membre.");
    expect(
      await t.db.selectFrom("email_tokens").select("id").where("email", "=", "nouvel-admin@financeur.test").executeTakeFirst(),
    ).toBeUndefined();
    const bad = await post(coordinator, "/coordination/financeurs", { intent: "deactivate-funder", funderId: "pas-un-uuid" });
    expect(bad.html).toContain("Certains champs sont invalides");
    const again = await post(coordinator, "/coordination/financeurs", { intent: "reactivate-funder", funderId: funder.organisationId });
    expect(again.status).toBe(302);
    expect(again.toast?.messageKey).toBe("funderRevocation.reactivated");
    expect(translate("funderRevocation.reactivated")).toContain("Le financeur est réactivé");
    expect(
      (await t.db.selectFrom("users").select("disabled_at").where("id", "=", funder.userId).executeTakeFirstOrThrow()).disabled_at,
    ).toBeNull();
  });
});
