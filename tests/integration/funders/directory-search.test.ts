import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { makeDossier, makeOrganisation, makeReferentiel, nextSiret } from "../../factories/records";
import { DIRECTORY_COUNT_CAP, searchDirectory } from "../../../domain/organisations/directory.queries";
import { interpretDirectoryQuery } from "../../../domain/organisations/directory-search";
import { createApiKey } from "../../../domain/api-keys/api-keys.service";
import { OrganisationListSchema, ProblemSchema } from "../../../domain/api/api.schemas";
import { createApiContract } from "../../setup/openapi-contract";
import * as organisations from "../../../app/routes/api.v1.organisations._index";

type Handler = (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<Response>;

/** The directory's search (decision 040), on PGlite and on PostgreSQL (DATABASE_URL): accents, case, typos, facets, the API. */
describe("the OF directory's search", () => {
  let t: TestDatabase;
  let context: AppLoadContext;
  let key: string;
  let rhone: Awaited<ReturnType<typeof makeOrganisation>>;
  let lyon: Awaited<ReturnType<typeof makeOrganisation>>;
  let labelId: string;
  const contract = createApiContract();

  async function api(path: string) {
    const request = new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${key}` } });
    const response = await (organisations.loader as Handler)({ request, params: {}, context });
    await contract.check("GET", path, response);
    return response;
  }
  // Latest dossiers: Rhône datadocké, Lyon soumis; the others have none (last, by name).
  const byStatus = ["Rhône Formation Pro", "Lyon Compétences", "Atelier Numérique Normand"];
  const byStatusDescending = ["Lyon Compétences", "Rhône Formation Pro", "Atelier Numérique Normand"];
  const names = async (q: string, extra: Parameters<typeof searchDirectory>[1] = {}) =>
    (await searchDirectory(t.db, { q, ...extra })).rows.map((r) => r.name);

  beforeAll(async () => {
    t = await createTestDatabase();
    context = testLoadContext({ db: t.db });
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const funder = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    key = (await createApiKey(t.db, funder.users[0]!.actor, { funderId: funder.id, name: "SI", scope: "read" })).key;
    rhone = await makeOrganisation(t.db, "of", ["of_admin"], { name: "Rhône Formation Pro", region: "Auvergne-Rhône-Alpes" });
    await t.db.updateTable("organisations").set({ city: "Villeurbanne" }).where("id", "=", rhone.id).execute();
    await makeDossier(t.db, rhone, ref, { status: "datadocke" });
    lyon = await makeOrganisation(t.db, "of", ["of_admin"], { name: "Lyon Compétences", region: "Auvergne-Rhône-Alpes" });
    await makeDossier(t.db, lyon, ref, { status: "soumis" });
    await makeOrganisation(t.db, "of", ["of_admin"], { name: "Bretagne Savoirs", region: "Bretagne" });
    await makeOrganisation(t.db, "of", ["of_admin"], { name: "Atelier Numérique Normand", region: "Normandie" });
    // A funder never appears in the directory, whatever its name.
    await makeOrganisation(t.db, "funder", [], { name: "Région Rhône Formation" });
    const label = await t.db.insertInto("cnefop_labels").values({ name: "Qualité Certifiée" }).returning("id").executeTakeFirstOrThrow();
    labelId = label.id;
    const file = await t.db
      .insertInto("files")
      .values({
        organisation_id: lyon.id,
        store: "postgres",
        storage_key: "k",
        file_name: "c.pdf",
        content_type: "application/pdf",
        size_bytes: 1,
        sha256: "0".repeat(64),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("circuit_court_certificates")
      .values({ organisation_id: lyon.id, label_id: labelId, file_id: file.id, valid_from: "2026-01-01", valid_to: "2999-12-31" })
      .execute();
  });
  afterAll(() => t?.close());

  it("finds Rhône Formation Pro without accents, in any case and order, and with a typo", async () => {
    for (const q of ["Formation Rhone", "rhône formation", "RHONE FORMATION PRO", "Formaton Rhône", "rhne formation", "Rhone Fromation"]) {
      const found = await names(q);
      expect(found[0], q).toBe("Rhône Formation Pro");
      expect(found, q).not.toContain("Région Rhône Formation");
    }
    expect(await names("Bretagne Savoir")).toEqual(["Bretagne Savoirs"]);
    expect(await names("numerique normand")).toEqual(["Atelier Numérique Normand"]);
    expect(await names("zzzz qqqq")).toEqual([]);
  });

  it("finds by SIRET (whole, a prefix, in groups), SIREN, NDA, city and region", async () => {
    expect(await names(rhone.siret)).toEqual(["Rhône Formation Pro"]);
    expect(await names(`${rhone.siret.slice(0, 3)} ${rhone.siret.slice(3, 6)} ${rhone.siret.slice(6, 9)}`)).toContain(
      "Rhône Formation Pro",
    );
    expect(await names(rhone.siret.slice(0, 9))).toContain("Rhône Formation Pro");
    expect(await names("villeurbane")).toEqual(["Rhône Formation Pro"]);
    expect((await names("auvergne rhone alpes")).sort()).toEqual(["Lyon Compétences", "Rhône Formation Pro"]);
  });

  it("reads a status or a CNEFOP label in the box as a filter", async () => {
    expect(interpretDirectoryQuery("Datadocké rhone", []).status).toBe("datadocke");
    expect(await names("datadocké")).toEqual(["Rhône Formation Pro"]);
    expect(await names("soumis auvergne")).toEqual(["Lyon Compétences"]);
    expect(await names("qualite certifiee")).toEqual(["Lyon Compétences"]);
    expect((await searchDirectory(t.db, { cnefopLabelId: labelId })).rows.map((r) => r.cnefopLabels)).toEqual([["Qualité Certifiée"]]);
  });

  it("pages and sorts, and counts every match", async () => {
    const all = await searchDirectory(t.db, { sort: "name", limit: 2 });
    expect(all.total).toBe(4);
    expect(all.rows.map((r) => r.name)).toEqual(["Atelier Numérique Normand", "Bretagne Savoirs"]);
    const next = await searchDirectory(t.db, { sort: "name", limit: 2, offset: 2 });
    expect(next.rows.map((r) => r.name)).toEqual(["Lyon Compétences", "Rhône Formation Pro"]);
    const byRegion = await searchDirectory(t.db, { sort: "region", descending: true });
    expect(byRegion.rows[0]!.region).toBe("Normandie");
    expect(await names("", { sort: "status", limit: 3 })).toEqual(byStatus);
    expect(await names("", { sort: "status", descending: true, limit: 3 })).toEqual(byStatusDescending);
  });

  it("ranks the names starting with the text, then containing it as typed, then the rest, each by name, across pages", async () => {
    const added = [
      await makeOrganisation(t.db, "of", [], { name: "Formation Rhône Alpes" }),
      await makeOrganisation(t.db, "of", [], { name: "Centre Formation Rhône" }),
      await makeOrganisation(t.db, "of", [], { name: "Rhône Zeta Formation" }),
    ];
    try {
      const ranked = ["Formation Rhône Alpes", "Centre Formation Rhône", "Rhône Formation Pro", "Rhône Zeta Formation"];
      expect(await names("formation rhone")).toEqual(ranked);
      expect(await names("formation rhone", { limit: 2, offset: 1 })).toEqual(ranked.slice(1, 3));
      expect(await names("formation rhone", { limit: 2, offset: 3 })).toEqual(ranked.slice(3));
      const counted = await searchDirectory(t.db, { q: "formation rhone", limit: 1 });
      expect([counted.total, counted.totalCapped]).toEqual([4, false]);
    } finally {
      await t.db
        .deleteFrom("organisations")
        .where(
          "id",
          "in",
          added.map((o) => o.id),
        )
        .execute();
    }
  });

  it("counts up to the page's offset + 1,000 matches, then says there are more", async () => {
    const many = Array.from({ length: DIRECTORY_COUNT_CAP + 1 }, (_, i) => {
      const siret = nextSiret();
      return { kind: "of" as const, name: `Masse ${i}`, siret, siren: siret.slice(0, 9), nda: siret.slice(0, 11), region: "Corse" };
    });
    const ids = (await t.db.insertInto("organisations").values(many).returning("id").execute()).map((r) => r.id);
    try {
      const first = await searchDirectory(t.db, { q: "masse", limit: 50 });
      expect([first.total, first.totalCapped, first.rows.length]).toEqual([DIRECTORY_COUNT_CAP, true, 50]);
      const last = await searchDirectory(t.db, { q: "masse", limit: 50, offset: DIRECTORY_COUNT_CAP });
      expect([last.total, last.totalCapped, last.rows.length]).toEqual([DIRECTORY_COUNT_CAP + 1, false, 1]);
      const everyOf = await searchDirectory(t.db, { sort: "city", limit: 50 });
      expect([everyOf.total, everyOf.totalCapped]).toEqual([DIRECTORY_COUNT_CAP, true]);
      // The status order read tier by tier (more matches than counted) is the order of the sort.
      expect(await names("", { sort: "status", limit: 3 })).toEqual(byStatus);
      expect(await names("", { sort: "status", descending: true, limit: 3 })).toEqual(byStatusDescending);
      expect(await names("", { sort: "status", limit: 2, offset: 1 })).toEqual(byStatus.slice(1));
      expect((await searchDirectory(t.db, { q: "masse", region: "Bretagne" })).total).toBe(0);
    } finally {
      await t.db.deleteFrom("organisations").where("id", "in", ids).execute();
    }
  });

  it("GET /api/v1/organisations?q= searches, pages by relevance, and refuses a bad q as problem+json", async () => {
    const res = await api(`/api/v1/organisations?q=${encodeURIComponent("Formaton Rhone")}`);
    expect(res.status).toBe(200);
    const body = OrganisationListSchema.parse(await res.json());
    expect(body.data[0]!.siret).toBe(rhone.siret);

    const first = OrganisationListSchema.parse(await (await api("/api/v1/organisations?q=auvergne&limit=1")).json());
    expect(first.data).toHaveLength(1);
    expect(first.next_cursor).not.toBeNull();
    const second = OrganisationListSchema.parse(
      await (await api(`/api/v1/organisations?q=auvergne&limit=1&cursor=${first.next_cursor}`)).json(),
    );
    expect(second.data).toHaveLength(1);
    expect(second.data[0]!.siret).not.toBe(first.data[0]!.siret);
    expect(second.next_cursor).toBeNull();

    for (const bad of ["", " !! ", "x".repeat(201)]) {
      const refused = await api(`/api/v1/organisations?q=${encodeURIComponent(bad)}`);
      expect(refused.status, bad).toBe(400);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(ProblemSchema.parse(await refused.json()).errors).toHaveProperty("q");
    }
    const wrongCursor = await api(`/api/v1/organisations?q=rhone&cursor=${Buffer.from(rhone.id).toString("base64url")}`);
    expect(wrongCursor.status).toBe(400);
  });
});
