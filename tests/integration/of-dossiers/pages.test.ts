import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { createDiskFileStore } from "../../../domain/files/disk-file-store";
import type { Actor } from "../../../domain/permissions/actor";
import { createOf, createOrganisationWithUser, createReferentiel, funderDecides } from "./fixtures";
import { saveDescription, setNotApplicable } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { startTestDispatcher } from "../../setup/event-dispatcher";

/** The OF pages rendered by the real Remix build (server-side), on a real database. */
let t: TestDatabase;
let dir: string;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
let events: EventDispatcher;

beforeAll(async () => {
  t = await createTestDatabase();
  await createReferentiel(t.db);
  events = await startTestDispatcher(t.db, { mailer: { send: async () => {}, listLocal: async () => [] } });
  dir = mkdtempSync(join(tmpdir(), "datadock-pages-"));
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  handle = createRequestHandler(build, "production");
});
afterAll(async () => {
  await events?.stop();
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

function contextFor(actor: Actor): AppLoadContext {
  return testLoadContext({
    db: t.db,
    actor,
    services: { files: createDiskFileStore(join(dir, "files")), mailer: { send: async () => {}, listLocal: async () => [] } },
  });
}

async function page(actor: Actor, path: string) {
  const response = await handle(new Request(`http://localhost${path}`), contextFor(actor));
  return { status: response.status, html: await response.text() };
}

async function post(actor: Actor, path: string, fields: Record<string, string>) {
  const body = new URLSearchParams(fields);
  const response = await handle(
    new Request(`http://localhost${path}`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }),
    contextFor(actor),
  );
  return {
    status: response.status,
    html: await response.text(),
    location: response.headers.get("location"),
    cookie: response.headers.get("set-cookie") ?? "",
  };
}

describe("OF pages", () => {
  it("render the dossier journey in French for the OF", async () => {
    const of = await createOf(t.db);
    await saveDescription(t.db, of, "1.1", "Notre pratique");
    const overview = await page(of.actor, "/organisme/dossier");
    expect(overview.status).toBe(200);
    expect(overview.html).toContain("Mon dossier");
    expect(overview.html).toContain("0 indicateur complet sur 3");
    expect(overview.html).toContain('href="/organisme/dossier/indicateur/1.2"');

    const indicator = await page(of.actor, "/organisme/dossier/indicateur/1.1");
    expect(indicator.status).toBe(200);
    expect(indicator.html).toContain('id="description"');
    expect(indicator.html).toContain("Notre pratique");
    expect(indicator.html).toContain('name="file"');
    expect(indicator.html).toContain("au moins un justificatif");

    const synthesis = await page(of.actor, "/organisme/dossier/synthese");
    expect(synthesis.status).toBe(200);
    expect(synthesis.html).toContain("Ce qui manque (3)");

    for (const path of [
      "/organisme/dossier/historique",
      "/organisme/autodiagnostic",
      "/organisme/circuit-court",
      "/organisme/profil",
      "/notifications",
    ]) {
      const { status, html } = await page(of.actor, path);
      expect(status, path).toBe(200);
      expect(html).toContain('lang="fr"');
    }
    expect((await page(of.actor, "/organisme/dossier/indicateur/9.9")).status).toBe(404);
  });

  it("submit through the synthesis page: refused with the list, then accepted", async () => {
    const of = await createOf(t.db);
    const refused = await post(of.actor, "/organisme/dossier/synthese", { attestation: "on" });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("Le dossier ne peut pas être soumis");
    for (const code of ["1.1", "1.2"]) {
      await saveDescription(t.db, of, code, "x");
      await addEvidence(t.db, of, code, { kind: "link", url: "https://of.example" });
    }
    const na = await post(of.actor, "/organisme/dossier/indicateur/2.1", {
      intent: "not-applicable",
      notApplicable: "on",
      notApplicableReason: "",
    });
    expect(na.status).toBe(400);
    expect(na.html).toContain("Expliquez pourquoi");
    await post(of.actor, "/organisme/dossier/indicateur/2.1", {
      intent: "not-applicable",
      notApplicable: "on",
      notApplicableReason: "Pas de FOAD",
    });
    // Without the attestation sur l'honneur, the server refuses too (the browser requires the box).
    const unattested = await post(of.actor, "/organisme/dossier/synthese", {});
    expect(unattested.status).toBe(400);
    expect(unattested.html).toContain("Cochez l&#x27;attestation sur l&#x27;honneur pour soumettre votre dossier.");
    expect((await findOfDossier(t.db, of.organisationId))!.status).toBe("brouillon");
    const accepted = await post(of.actor, "/organisme/dossier/synthese", { attestation: "on" });
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe("/organisme");
    expect(accepted.cookie).toContain("dd_flash=");
    expect((await page(of.actor, "/organisme")).html).toContain("Votre dossier est soumis");
    expect((await page(of.actor, "/organisme/dossier")).html).toContain("lecture seule");
    const header = await page(of.actor, "/organisme/dossier");
    expect(header.html).toContain("notifications-link__count");
  });

  it("shows the funder's reason and lets the OF answer in the thread", async () => {
    const of = await createOf(t.db);
    await saveDescription(t.db, of, "1.1", "x");
    await addEvidence(t.db, of, "1.1", { kind: "link", url: "https://of.example" });
    await saveDescription(t.db, of, "1.2", "x");
    await addEvidence(t.db, of, "1.2", { kind: "link", url: "https://of.example" });
    await setNotApplicable(t.db, of, "2.1", true, "Sans objet");
    await submitDossier(t.db, of);
    const dossier = (await findOfDossier(t.db, of.organisationId))!;
    await funderDecides(t.db, dossier.id, { "1.1": "a_completer" });
    const before = await page(of.actor, "/organisme/dossier/indicateur/1.1");
    expect(before.html).toContain("Motif : Motif pour 1.1");
    const form = new FormData();
    form.append("intent", "message");
    form.append("body", "Voici notre réponse.");
    const response = await handle(
      new Request("http://localhost/organisme/dossier/indicateur/1.1", { method: "POST", body: form }),
      contextFor(of.actor),
    );
    expect(response.status).toBe(200);
    expect((await page(of.actor, "/organisme/dossier/indicateur/1.1")).html).toContain("Voici notre réponse.");
  });

  it("are closed to funders", async () => {
    const funder = await createOrganisationWithUser(t.db, "funder", "funder_reviewer");
    expect((await page(funder.actor, "/organisme/dossier")).status).toBe(403);
  });
});
