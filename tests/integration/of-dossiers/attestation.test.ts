import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { decodePDFRawStream, PDFDocument, PDFRawStream } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import type { Actor } from "../../../domain/permissions/actor";
import { createOf, createOrganisationWithUser, createReferentiel } from "./fixtures";
import { saveDescription } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import { takeDossier } from "../../../domain/examination/take";
import { decideIndicator } from "../../../domain/examination/decision";
import { closeExamination } from "../../../domain/examination/close";
import { dereference, openControl } from "../../../domain/controls/controls.service";
import { formatAttestationCode, normaliseAttestationCode } from "../../../domain/attestations/attestation-code";

/**
 * The attestation of datadockage (issue 14.5) through the real Remix build: the OF downloads a real
 * PDF, the public /verifier pages say valid / not valid / unknown, and bad codes get French messages.
 */
let t: TestDatabase;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
let versionId: string;
let funder: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  versionId = (await createReferentiel(t.db)).versionId;
  funder = (await createOrganisationWithUser(t.db, "funder", "funder_admin", "Financeur test")).actor;
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  handle = createRequestHandler(build, "production");
});
afterAll(() => t?.close());

const PUBLIC_URL = "https://datadock.example";

function request(actor: Actor | null, path: string, init?: RequestInit) {
  return handle(new Request(`http://localhost${path}`, init), testLoadContext({ db: t.db, actor, config: { publicUrl: PUBLIC_URL } }));
}

function postForm(path: string, fields: Record<string, string>) {
  return request(null, path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

/** An OF taken through the real examination to datadocké. */
async function datadockedOf(name: string) {
  const of = await createOf(t.db, name);
  for (const code of ["1.1", "1.2", "2.1"]) {
    await saveDescription(t.db, of, code, `<p>Réponse ${code}</p>`);
    await addEvidence(t.db, of, code, { kind: "link", url: `https://of.example/${code}` });
  }
  await submitDossier(t.db, of);
  const dossier = (await findOfDossier(t.db, of.organisationId))!;
  await takeDossier(t.db, funder, dossier.id);
  const indicators = await t.db.selectFrom("indicators").select("id").where("version_id", "=", versionId).execute();
  for (const indicator of indicators) {
    await decideIndicator(t.db, funder, { dossierId: dossier.id, indicatorId: indicator.id, decision: "valide", expectedVersion: null });
  }
  await closeExamination(t.db, funder, { dossierId: dossier.id, outcome: "declare_datadocke" });
  const organisation = await t.db.selectFrom("organisations").selectAll().where("id", "=", of.organisationId).executeTakeFirstOrThrow();
  return { of, dossierId: dossier.id, organisation };
}

/** The text drawn on the PDF's pages: pdf-lib writes hex strings in (deflated) content streams. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await PDFDocument.load(bytes);
  let text = "";
  for (const page of pdf.getPages()) {
    const contents = page.node.Contents();
    const streams = contents && "asArray" in contents ? contents.asArray() : [contents];
    for (const ref of streams) {
      const stream = pdf.context.lookup(ref as never);
      if (!(stream instanceof PDFRawStream)) continue;
      const raw = Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1");
      for (const match of raw.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) text += Buffer.from(match[1]!, "hex").toString("latin1") + "\n";
    }
  }
  return text;
}

async function download(actor: Actor | null) {
  const response = await request(actor, "/organisme/attestation.pdf");
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe("the attestation of datadockage", () => {
  it("downloads as a real PDF in French with the OF's identity, a verification code and its URL, and again with the same code", async () => {
    const { of, organisation } = await datadockedOf("Organisme Attesté");
    const first = await download(of.actor);
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(first.bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const pdf = await PDFDocument.load(first.bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe("Attestation de datadockage");

    const rows = await t.db.selectFrom("attestations").selectAll().where("organisation_id", "=", of.organisationId).execute();
    expect(rows).toHaveLength(1);
    const code = rows[0]!.code;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);

    const text = await pdfText(first.bytes);
    expect(text).toContain("Attestation de datadockage");
    expect(text).toContain("Organisme Attesté");
    expect(text).toContain(`SIRET : ${organisation.siret}`);
    expect(text).toContain(`Numéro de déclaration d'activité : ${organisation.nda}`);
    expect(text).toContain("Référentiel : Référentiel de test (version 1)");
    expect(text).toMatch(/Datadocké depuis le \d{1,2}(er)? \S+ \d{4}/);
    expect(text).toContain(`Code de vérification : ${formatAttestationCode(code)}`);
    expect(text).toContain(`${PUBLIC_URL}/verifier/${formatAttestationCode(code)}`);

    // Downloading again reuses the attestation in force: same code, no new row.
    const second = await download(of.actor);
    expect(second.response.status).toBe(200);
    expect(await pdfText(second.bytes)).toContain(formatAttestationCode(code));
    expect(await t.db.selectFrom("attestations").select("id").where("organisation_id", "=", of.organisationId).execute()).toHaveLength(1);
  });

  it("is the OF's own: a funder is refused, an OF not datadocké gets a French 409, an anonymous visitor is sent to log in", async () => {
    expect((await download(funder)).response.status).toBe(403);
    const draft = await createOf(t.db);
    const refused = await request(draft.actor, "/organisme/attestation.pdf");
    expect(refused.status).toBe(409);
    expect(await refused.text()).toBe("L'attestation n'est disponible que pour un dossier datadocké.");
    const anonymous = await request(null, "/organisme/attestation.pdf");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("the OF's home offers the download once datadocké", async () => {
    const { of } = await datadockedOf("Organisme Accueil");
    const home = await (await request(of.actor, "/organisme")).text();
    expect(home).toContain('href="/organisme/attestation.pdf"');
    const draft = await createOf(t.db);
    expect(await (await request(draft.actor, "/organisme")).text()).not.toContain("/organisme/attestation.pdf");
  });
});

describe("/verifier", () => {
  it("says valid today and shows only the name, SIRET, référentiel and date, whatever the typing of the code", async () => {
    const { of, organisation } = await datadockedOf("Organisme Vérifié");
    await download(of.actor);
    const { code } = await t.db
      .selectFrom("attestations")
      .select("code")
      .where("organisation_id", "=", of.organisationId)
      .executeTakeFirstOrThrow();
    for (const typed of [formatAttestationCode(code), code.toLowerCase()]) {
      const response = await request(null, `/verifier/${typed}`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("Attestation valide aujourd&#x27;hui");
      expect(html).toContain("Organisme Vérifié");
      expect(html).toContain(organisation.siret!);
      expect(html).toContain("Référentiel de test (version 1)");
      expect(html).not.toContain(organisation.nda!);
      expect(html).not.toContain(of.actor.email);
    }
  });

  it("says not valid once the dossier is de-listed after a control, and stays valid while the control runs", async () => {
    const { of, dossierId } = await datadockedOf("Organisme Contrôlé");
    await download(of.actor);
    const { code } = await t.db
      .selectFrom("attestations")
      .select("code")
      .where("organisation_id", "=", of.organisationId)
      .executeTakeFirstOrThrow();
    const indicator = await t.db.selectFrom("indicators").select("id").where("version_id", "=", versionId).executeTakeFirstOrThrow();
    await openControl(t.db, funder, { dossierId, indicatorIds: [indicator.id], reason: "Signalement d'un stagiaire" });
    expect(await (await request(null, `/verifier/${code}`)).text()).toContain("Attestation valide aujourd&#x27;hui");

    await dereference(t.db, funder, { dossierId, reason: "Manquements confirmés" });
    const html = await (await request(null, `/verifier/${code}`)).text();
    expect(html).toContain("Attestation non valide");
    expect(html).not.toContain("Attestation valide aujourd");
    const row = await t.db.selectFrom("attestations").select("revoked_at").where("code", "=", code).executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeInstanceOf(Date);
  });

  it("answers an unknown code with 404 and a malformed one with 400, in French, never a 500", async () => {
    const unknown = await request(null, "/verifier/0000-0000-0000-0000");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("Aucune attestation ne correspond à ce code");
    for (const bad of ["abc", "%27%3B--", "U".repeat(16), "x".repeat(300)]) {
      const response = await request(null, `/verifier/${bad}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Ce code n&#x27;a pas le bon format");
    }
  });

  it("the form sends a typed code to its page, and refuses an empty or malformed one with a French message", async () => {
    const page = await request(null, "/verifier");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Code de vérification");

    const empty = await postForm("/verifier?index", { code: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Saisissez le code de vérification.");
    const malformed = await postForm("/verifier?index", { code: "pas un code" });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain("Ce code n&#x27;a pas le bon format");

    const sent = await postForm("/verifier?index", { code: " 7kq2 m9xd 3htv oprA " });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe("/verifier/7KQ2-M9XD-3HTV-0PRA");
  });
});

describe("attestation codes", () => {
  it("read O as 0 and I, L as 1, and refuse anything but 16 base32 characters", () => {
    expect(normaliseAttestationCode("oooo-iiii-llll-0000")).toBe("0000111111110000");
    expect(normaliseAttestationCode("UUUU-UUUU-UUUU-UUUU")).toBeNull();
    expect(normaliseAttestationCode("ABCD")).toBeNull();
  });
});
