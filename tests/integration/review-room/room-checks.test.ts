import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import type { Actor } from "../../../domain/permissions/actor";
import { createOf, createOrganisationWithUser, createReferentiel, fakeFile } from "../of-dossiers/fixtures";
import { saveDescription } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import { addCorrectiveAction } from "../../../domain/dossiers/corrective-actions.service";
import { declareCertificate } from "../../../domain/circuit-court/circuit-court.service";
import { takeDossier } from "../../../domain/examination/take";

/**
 * The review room's buttons for issue 14.3 and 14.4, through the real Remix build: the examiner sees
 * « Accepter l'action » and « Valider / Refuser le certificat », each lands back on the indicator with
 * a toast; someone who may not decide sees no button.
 */
let t: TestDatabase;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
let examiner: Actor;
let colleague: Actor;
let labelId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await createReferentiel(t.db);
  labelId = (await t.db.insertInto("cnefop_labels").values({ name: "Label salle" }).returning("id").executeTakeFirstOrThrow()).id;
  examiner = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Financeur salle")).actor;
  colleague = (await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Autre financeur salle")).actor;
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  handle = createRequestHandler(build, "production");
});
afterAll(() => t?.close());

function request(actor: Actor, path: string, init?: RequestInit) {
  return handle(new Request(`http://localhost${path}`, init), testLoadContext({ db: t.db, actor }));
}
function post(actor: Actor, path: string, fields: Record<string, string>) {
  return request(actor, path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A circuit-court OF with a corrective action on 1.1, submitted and taken by the examiner. */
async function dossierInExamination(name: string) {
  const of = await createOf(t.db, name);
  const certificateId = await declareCertificate(t.db, of, {
    labelId,
    fileId: await fakeFile(t.db, of.organisationId, "certificat.pdf"),
    validFrom: day(-100),
    validTo: day(500),
  });
  for (const code of ["1.1", "1.2", "2.1"]) await saveDescription(t.db, of, code, `<p>Réponse ${code}</p>`);
  await addEvidence(t.db, of, "1.2", { kind: "link", url: "https://of.example/public" });
  const action = await addCorrectiveAction(t.db, of, "1.1", { what: "Mettre à jour le programme", who: "Direction", dueOn: day(30) });
  await submitDossier(t.db, of);
  const dossierId = (await findOfDossier(t.db, of.organisationId))!.id;
  await takeDossier(t.db, examiner, dossierId);
  return { dossierId, certificateId, actionId: action };
}

function toastOf(response: Response): string {
  return response.headers.get("set-cookie") ?? "";
}

describe("the room's buttons", () => {
  it("accepts a corrective action and validates the certificate, each with a toast", async () => {
    const { dossierId, certificateId, actionId } = await dossierInExamination("Organisme salle A");
    const room = `/financeur/examens/${dossierId}?indicateur=1.1`;
    const html = await (await request(examiner, room)).text();
    expect(html).toContain("Accepter l&#x27;action");
    expect(html).toContain("Valider le certificat");
    expect(html).toContain("Certificat à vérifier");
    // Someone who may not decide sees neither button.
    const other = await (await request(colleague, room)).text();
    expect(other).not.toContain("Accepter l&#x27;action");
    expect(other).not.toContain("Valider le certificat");

    const accepted = await post(examiner, `/financeur/examens/${dossierId}`, {
      intent: "accept-corrective-action",
      actionId,
      indicatorCode: "1.1",
    });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toContain("1.1");
    expect(toastOf(accepted)).toContain("dd_flash=");
    const action = await t.db
      .selectFrom("corrective_actions")
      .select(["status", "accepted_by"])
      .where("id", "=", actionId)
      .executeTakeFirstOrThrow();
    expect(action).toEqual({ status: "accepte", accepted_by: examiner.userId });

    const validated = await post(examiner, `/financeur/examens/${dossierId}`, {
      intent: "certificate-review",
      certificateId,
      outcome: "validated",
      reason: "",
      indicatorCode: "1.1",
    });
    expect(validated.status).toBe(302);
    const certificate = await t.db
      .selectFrom("circuit_court_certificates")
      .select(["review_status", "reviewed_by"])
      .where("id", "=", certificateId)
      .executeTakeFirstOrThrow();
    expect(certificate).toEqual({ review_status: "validated", reviewed_by: examiner.userId });
    const after = await (await request(examiner, room)).text();
    expect(after).toContain("Certificat vérifié et validé");
    expect(after).not.toContain("Accepter l&#x27;action");
    expect(after).not.toContain("Valider le certificat");
  });

  it("refuses the certificate with a reason; a reason of blanks is answered in French under the refusal", async () => {
    const { dossierId, certificateId } = await dossierInExamination("Organisme salle B");
    const blank = await post(examiner, `/financeur/examens/${dossierId}`, {
      intent: "certificate-review",
      certificateId,
      outcome: "refused",
      reason: "  \n\t ",
      indicatorCode: "2.1",
    });
    expect(blank.status).toBe(400);
    const answered = await blank.text();
    expect(answered).toMatch(/<p class="field__error" id="certificate-review-error">Indiquez le motif du refus\.<\/p>/);
    // Nothing changed: still to check, the refusal still offered.
    expect(answered).toContain("Certificat à vérifier");
    expect(answered).toContain("Refuser le certificat");
    const still = await t.db
      .selectFrom("circuit_court_certificates")
      .select("review_status")
      .where("id", "=", certificateId)
      .executeTakeFirstOrThrow();
    expect(still.review_status).toBe("pending");

    const refused = await post(examiner, `/financeur/examens/${dossierId}`, {
      intent: "certificate-review",
      certificateId,
      outcome: "refused",
      reason: "Le label a expiré.",
      indicatorCode: "2.1",
    });
    expect(refused.status).toBe(302);
    const html = await (await request(examiner, `/financeur/examens/${dossierId}?indicateur=2.1`)).text();
    expect(html).toContain("Certificat refusé");
    expect(html).toContain("Motif : Le label a expiré.");
  });
});
