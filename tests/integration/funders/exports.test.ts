import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { storedPdf, unzipEntries } from "../../setup/export-files";
import { makeDossier, makeOrganisation, makeReferentiel, type MadeOrganisation, type MadeReferentiel } from "../../factories/records";
import { takeDossier } from "../../../domain/examination/take";
import { decideIndicator } from "../../../domain/examination/decision";
import type { Actor } from "../../../domain/permissions/actor";

/**
 * Exports through the real Remix build (npm run build first; issue 15.5, decision record 046): the
 * catalogue and a reporting table as XLSX with the page's filters, a whole dossier as one ZIP.
 */
let t: TestDatabase;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
let ref: MadeReferentiel;
let funder: MadeOrganisation;
let alice: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  handle = createRequestHandler(build, "production");
  ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 2 });
  funder = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
  alice = funder.users[0]!.actor;
});
afterAll(() => t?.close());

const get = (actor: Actor | null, path: string) => handle(new Request(`http://localhost${path}`), testLoadContext({ db: t.db, actor }));

async function sheetRows(response: Response): Promise<unknown[][]> {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const storedFile = (organisationId: string, name: string, bytes: Buffer) =>
  storedPdf(t.db, organisationId, `dossier-export-test/${organisationId}/${name}`, name, bytes);

describe("table exports as XLSX", () => {
  it("gives the funder's own catalogue, and a reporting table with the page's filters", async () => {
    const listed = await makeOrganisation(t.db, "of", ["of_admin"], { name: "Organisme Catalogué" });
    const other = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
    const elsewhere = await makeOrganisation(t.db, "of", ["of_admin"], { name: "Organisme Ailleurs" });
    await t.db
      .insertInto("catalogue_entries")
      .values([
        { funder_id: funder.id, organisation_id: listed.id, reason: '=HYPERLINK("x")' },
        { funder_id: other.id, organisation_id: elsewhere.id, reason: null },
      ])
      .execute();
    const catalogue = await sheetRows(await get(alice, "/financeur/catalogue.csv?format=xlsx"));
    expect(catalogue[0]).toEqual(["Organisme", "SIRET", "Région", "Ville", "Statut", "Ajouté le", "Motif"]);
    expect(catalogue.slice(1).map((r) => r[0])).toEqual(["Organisme Catalogué"]);
    expect(catalogue[1]![1]).toBe(listed.siret);
    expect(catalogue[1]![6]).toBe('\'=HYPERLINK("x")'); // kept as text, never a formula

    for (const region of ["Bretagne", "Occitanie"]) {
      const of = await makeOrganisation(t.db, "of", ["of_admin"], { region });
      const d = await makeDossier(t.db, of, ref, { submittedDaysAgo: 1 });
      await takeDossier(t.db, alice, d.id);
      await decideIndicator(t.db, alice, {
        dossierId: d.id,
        indicatorId: ref.indicators[0]!.id,
        decision: "a_completer",
        reason: "Preuve manquante",
        expectedVersion: null,
      });
    }
    const filtered = await sheetRows(await get(alice, `/financeur/rapports.csv?table=rejection&format=xlsx&region=Bretagne`));
    expect(filtered[0]).toEqual(["indicateur", "libelle", "total", "rejets", "taux"]);
    expect(filtered.slice(1).find((r) => r[0] === "1.1")).toEqual(["1.1", "Indicateur 1.1", 1, 1, "1.0000"]);
    const all = await sheetRows(await get(alice, `/financeur/rapports.csv?table=rejection&format=xlsx`));
    expect(all.slice(1).find((r) => r[0] === "1.1")).toEqual(["1.1", "Indicateur 1.1", 2, 2, "1.0000"]);
    expect((await get(alice, "/financeur/rapports.csv?table=nope&format=xlsx")).status).toBe(404);
  });
});

describe("a whole dossier as one ZIP", () => {
  it("holds the readable answers, decisions, corrective actions, evidence files and threads", async () => {
    const of = await makeOrganisation(t.db, "of", ["of_admin"], { name: "Organisme <Zip>" });
    const d = await makeDossier(t.db, of, ref);
    const [first, second] = ref.indicators;
    await t.db
      .updateTable("indicator_answers")
      .set({ description: '<p>Nos <strong>objectifs</strong></p><script>alert(1)</script><img src=x onerror="alert(2)">' })
      .where("dossier_id", "=", d.id)
      .where("indicator_id", "=", first!.id)
      .execute();
    const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(4000, 7)]);
    const fileId = await storedFile(of.id, "programme.pdf", pdf);
    const answer = await t.db
      .selectFrom("indicator_answers")
      .select("id")
      .where("dossier_id", "=", d.id)
      .where("indicator_id", "=", first!.id)
      .executeTakeFirstOrThrow();
    await t.db.insertInto("evidence").values({ answer_id: answer.id, kind: "file", file_id: fileId, label: "Programme" }).execute();
    await t.db
      .insertInto("corrective_actions")
      .values({ dossier_id: d.id, indicator_id: second!.id, what: "Former les formateurs", who: "Direction", due_on: "2027-03-01" })
      .execute();
    await takeDossier(t.db, alice, d.id);
    await decideIndicator(t.db, alice, {
      dossierId: d.id,
      indicatorId: second!.id,
      decision: "non_conforme",
      reason: "Aucun plan de formation",
      expectedVersion: null,
    });
    const attachment = await storedFile(funder.id, "modele.pdf", Buffer.from("%PDF-1.4 modèle"));
    const thread = await t.db
      .insertInto("threads")
      .values({ dossier_id: d.id, indicator_id: first!.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("messages")
      .values({
        thread_id: thread.id,
        author_id: alice.userId,
        author_organisation_id: funder.id,
        body: "Merci de préciser <vos> objectifs.",
        file_id: attachment,
      })
      .execute();

    const response = await get(alice, `/financeur/examens/${d.id}/zip`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-length")).toBeNull(); // streamed as it is written
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="dossier-\d{14}-\d{4}-\d\d-\d\d\.zip"/);
    const entries = await unzipEntries(Buffer.from(await response.arrayBuffer()));

    const evidencePath = `preuves/1.1/${fileId.slice(0, 8)}-programme.pdf`;
    const attachmentPath = `echanges/${attachment.slice(0, 8)}-modele.pdf`;
    expect(entries.get(evidencePath)?.equals(pdf)).toBe(true);
    expect(entries.get(attachmentPath)?.toString()).toBe("%PDF-1.4 modèle");
    expect(entries.has("LISEZ-MOI.txt")).toBe(true);
    const html = entries.get("dossier.html")!.toString();
    expect(html).toContain("Organisme &lt;Zip&gt;");
    expect(html).toContain("Indicateur 1.1");
    expect(html).toContain("<strong>objectifs</strong>");
    expect(html).not.toMatch(/<script|onerror/);
    expect(html).toContain(`<a href="${evidencePath}">Programme</a>`);
    expect(html).toContain("Non conforme");
    expect(html).toContain("Aucun plan de formation");
    expect(html).toContain("Former les formateurs");
    expect(html).toContain("Merci de préciser &lt;vos&gt; objectifs.");
    expect(html).toContain(`<a href="${attachmentPath}">modele.pdf</a>`);
  });

  it("is not found for whoever may not open the dossier in the review room", async () => {
    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    const draft = await makeDossier(t.db, of, ref, { status: "brouillon" });
    const submitted = await makeDossier(t.db, await makeOrganisation(t.db, "of", ["of_admin"]), ref);
    expect((await get(alice, `/financeur/examens/${draft.id}/zip`)).status).toBe(404);
    expect((await get(of.users[0]!.actor, `/financeur/examens/${submitted.id}/zip`)).status).toBe(403);
    expect((await get(alice, "/financeur/examens/not-a-uuid/zip")).status).toBe(404);
    expect((await get(null, `/financeur/examens/${submitted.id}/zip`)).status).toBe(302);
  });
});
