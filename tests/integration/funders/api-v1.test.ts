import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { makeDossier, makeOrganisation, makeReferentiel, type MadeReferentiel } from "../../factories/records";
import { createApiKey, listApiKeys, revokeApiKey } from "../../../domain/api-keys/api-keys.service";
import { hitApiRate } from "../../../domain/api-keys/rate-limiter";
import { decideIndicator } from "../../../domain/examination/decision";
import { takeDossier } from "../../../domain/examination/take";
import { closeExamination } from "../../../domain/examination/close";
import {
  CatalogueEntrySchema,
  CatalogueSchema,
  DecisionListSchema,
  OrganisationListSchema,
  OrganisationSchema,
  ProblemSchema,
} from "../../../domain/api/api.schemas";
import { openApiDocument } from "../../../domain/api/openapi";
import { createApiContract } from "../../setup/openapi-contract";
import * as organisations from "../../../app/routes/api.v1.organisations._index";
import * as organisation from "../../../app/routes/api.v1.organisations.$siret._index";
import * as decisions from "../../../app/routes/api.v1.organisations.$siret.decisions";
import * as catalogue from "../../../app/routes/api.v1.catalogue._index";
import * as catalogueItem from "../../../app/routes/api.v1.catalogue.$siret";
import * as openapi from "../../../app/routes/api.v1.openapi[.]json";

type Handler = (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<Response>;

describe("API v1", () => {
  let t: TestDatabase;
  let ref: MadeReferentiel;
  let context: AppLoadContext;
  let funderA: Awaited<ReturnType<typeof makeOrganisation>>;
  let funderB: Awaited<ReturnType<typeof makeOrganisation>>;
  let readKey: string;
  let writeKey: string;
  let keyB: string;
  let docked: Awaited<ReturnType<typeof makeOrganisation>>;

  const contract = createApiContract();

  /** Calls the route's handler as Remix does; every answer is checked against the OpenAPI document. */
  async function call(handler: Handler, path: string, init: RequestInit & { key?: string | null; params?: Record<string, string> } = {}) {
    const headers = new Headers(init.headers);
    if (init.key) headers.set("authorization", `Bearer ${init.key}`);
    const request = new Request(`http://localhost${path}`, { ...init, headers });
    const response = await handler({ request, params: init.params ?? {}, context });
    await contract.check(request.method, path, response);
    return response;
  }

  /** Parses with the schema the OpenAPI document is generated from, and refuses undocumented fields. */
  async function expectBody<S extends z.ZodType>(response: Response, schema: S): Promise<z.infer<S>> {
    const body = await response.json();
    const parsed = schema.parse(body);
    expect(parsed).toEqual(body);
    return parsed;
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    context = testLoadContext({ db: t.db });
    ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 2 });
    funderA = await makeOrganisation(t.db, "funder", ["funder_admin", "funder_reviewer"]);
    funderB = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    const adminA = funderA.users[0]!.actor;
    readKey = (await createApiKey(t.db, adminA, { funderId: funderA.id, name: "SI lecture", scope: "read" })).key;
    writeKey = (await createApiKey(t.db, adminA, { funderId: funderA.id, name: "SI écriture", scope: "read-write" })).key;
    keyB = (await createApiKey(t.db, funderB.users[0]!.actor, { funderId: funderB.id, name: "B", scope: "read-write" })).key;
    docked = await makeOrganisation(t.db, "of", ["of_admin"], { region: "Normandie" });
    const d = await makeDossier(t.db, docked, ref);
    const reviewer = funderA.users[1]!.actor;
    await takeDossier(t.db, reviewer, d.id);
    for (const i of ref.indicators)
      await decideIndicator(t.db, reviewer, { dossierId: d.id, indicatorId: i.id, decision: "valide", expectedVersion: null });
    await closeExamination(t.db, reviewer, { dossierId: d.id, outcome: "declare_datadocke" });
    for (let i = 0; i < 4; i++) await makeDossier(t.db, await makeOrganisation(t.db, "of", ["of_admin"]), ref);
  });
  afterAll(() => t?.close());

  it("keys are stored hashed; only the funder's admins manage them", async () => {
    const rows = await t.db.selectFrom("api_keys").select(["key_hash", "prefix"]).execute();
    expect(rows.every((r) => r.key_hash.length === 64 && !readKey.includes(r.key_hash))).toBe(true);
    await expect(listApiKeys(t.db, funderB.users[0]!.actor, funderA.id)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(createApiKey(t.db, funderA.users[1]!.actor, { funderId: funderA.id, name: "x", scope: "read" })).rejects.toMatchObject({
      kind: "forbidden",
    });
    const keys = await listApiKeys(t.db, funderA.users[0]!.actor, funderA.id);
    await expect(revokeApiKey(t.db, funderB.users[0]!.actor, funderA.id, keys[0]!.id)).rejects.toMatchObject({ kind: "forbidden" });
  });

  it("401 problem+json without a valid key; refused once revoked", async () => {
    for (const key of [null, "nope", "dd_00000000_" + "a".repeat(43)]) {
      const res = await call(organisations.loader as Handler, "/api/v1/organisations", { key });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      await expectBody(res, ProblemSchema);
    }
    const admin = funderA.users[0]!.actor;
    const temp = await createApiKey(t.db, admin, { funderId: funderA.id, name: "temp", scope: "read" });
    expect((await call(organisations.loader as Handler, "/api/v1/organisations", { key: temp.key })).status).toBe(200);
    await revokeApiKey(t.db, admin, funderA.id, temp.id);
    expect((await call(organisations.loader as Handler, "/api/v1/organisations", { key: temp.key })).status).toBe(401);
  });

  it("lists organisations with filters and cursor pagination, with RateLimit headers", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(organisations.loader as Handler, `/api/v1/organisations?limit=2${cursor ? `&cursor=${cursor}` : ""}`, {
        key: readKey,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("RateLimit-Limit")).toBe("120");
      expect(Number(res.headers.get("RateLimit-Remaining"))).toBeGreaterThanOrEqual(0);
      const page = await expectBody(res, OrganisationListSchema);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((o) => o.siret));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);

    const filtered = await expectBody(
      await call(organisations.loader as Handler, "/api/v1/organisations?status=datadocke&region=Normandie", { key: readKey }),
      OrganisationListSchema,
    );
    expect(filtered.data.map((o) => o.siret)).toEqual([docked.siret]);
    const future = await expectBody(
      await call(organisations.loader as Handler, `/api/v1/organisations?updated_since=${new Date(Date.now() + 60_000).toISOString()}`, {
        key: readKey,
      }),
      OrganisationListSchema,
    );
    expect(future.data).toEqual([]);
    const bad = await call(organisations.loader as Handler, "/api/v1/organisations?status=bogus&updated_since=x", { key: readKey });
    expect(bad.status).toBe(400);
    expect((await expectBody(bad, ProblemSchema)).errors).toHaveProperty("status");
  });

  it("one organisation by SIRET with certification, and its decision history", async () => {
    const res = await call(organisation.loader as Handler, `/api/v1/organisations/${docked.siret}`, {
      key: readKey,
      params: { siret: docked.siret },
    });
    const body = await expectBody(res, OrganisationSchema);
    expect(body).toMatchObject({ siret: docked.siret, status: "datadocke", certification: { referentiel_version: 1 } });
    expect(body.certification?.datadocke_since).not.toBeNull();
    const missing = await call(organisation.loader as Handler, "/api/v1/organisations/00000000000000", {
      key: readKey,
      params: { siret: "00000000000000" },
    });
    expect(missing.status).toBe(404);
    await expectBody(missing, ProblemSchema);
    const history = await expectBody(
      await call(decisions.loader as Handler, `/api/v1/organisations/${docked.siret}/decisions`, {
        key: readKey,
        params: { siret: docked.siret },
      }),
      DecisionListSchema,
    );
    expect(history.data.map((d) => d.decision)).toEqual(["valide", "valide"]);
    expect(history.data[0]!.decided_by_organisation).toBe(funderA.name);
  });

  it("catalogue: read keys read, read-write keys add and remove, scoped to the key's funder", async () => {
    const post = (key: string, body: unknown) =>
      call(catalogue.action as Handler, "/api/v1/catalogue", {
        key,
        method: "POST",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json" },
      });
    const readOnly = await post(readKey, { siret: docked.siret });
    expect(readOnly.status).toBe(403);
    await expectBody(readOnly, ProblemSchema);
    const added = await post(writeKey, { siret: docked.siret, reason: "Conventionné" });
    expect(added.status).toBe(201);
    expect(await expectBody(added, CatalogueEntrySchema)).toMatchObject({
      siret: docked.siret,
      reason: "Conventionné",
      status: "datadocke",
    });
    expect((await post(writeKey, { siret: docked.siret })).status).toBe(409);
    expect((await post(writeKey, { siret: "123" })).status).toBe(400);

    const listA = await expectBody(await call(catalogue.loader as Handler, "/api/v1/catalogue", { key: readKey }), CatalogueSchema);
    expect(listA.data.map((e) => e.siret)).toEqual([docked.siret]);
    const listB = await expectBody(await call(catalogue.loader as Handler, "/api/v1/catalogue", { key: keyB }), CatalogueSchema);
    expect(listB.data).toEqual([]);

    const del = (key: string, reason?: string) =>
      call(catalogueItem.action as Handler, `/api/v1/catalogue/${docked.siret}${reason ? `?reason=${encodeURIComponent(reason)}` : ""}`, {
        key,
        method: "DELETE",
        params: { siret: docked.siret },
      });
    expect((await del(keyB, "x")).status).toBe(404);
    expect((await del(writeKey)).status).toBe(400);
    const removed = await del(writeKey, "Fin de convention");
    expect(removed.status).toBe(204);
    expect(removed.headers.get("RateLimit-Remaining")).not.toBeNull();
  });

  it("publishes an OpenAPI 3.1 document whose schemas are the ones responses are checked against", async () => {
    const res = await call(openapi.loader as Handler, "/api/v1/openapi.json");
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/organisations",
        "/organisations/{siret}",
        "/organisations/{siret}/decisions",
        "/catalogue",
        "/catalogue/{siret}",
      ]),
    );
    expect(doc.components.schemas.Organisation.required).toEqual(
      expect.arrayContaining(["siret", "status", "updated_at", "certification"]),
    );
    expect(doc).toEqual(openApiDocument());
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/(\w+)/g) ?? [];
    for (const r of refs) expect(doc.components.schemas).toHaveProperty(r.split("/").pop()!);
  });

  it("rate limits per funder with a fixed window counted in the database, shared by every instance", async () => {
    const funder = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    const other = await makeOrganisation(t.db, "funder", ["funder_admin"]);
    const policy = { limit: 2, windowMs: 1000 };
    // Concurrent hits (as from several instances) each get their own count: exactly `limit` pass.
    const first = await Promise.all([0, 1, 2].map(() => hitApiRate(t.db, funder.id, policy, 10_200)));
    expect(first.filter((d) => d.allowed)).toHaveLength(2);
    expect(first.find((d) => !d.allowed)).toMatchObject({ remaining: 0, reset: 1, limit: 2 });
    expect((await hitApiRate(t.db, other.id, policy, 10_300)).allowed).toBe(true);
    // The next window starts afresh and drops the funder's older windows.
    expect(await hitApiRate(t.db, funder.id, policy, 11_000)).toMatchObject({ allowed: true, remaining: 1 });
    const rows = await t.db.selectFrom("api_rate_windows").select(["window_start", "hits"]).where("funder_id", "=", funder.id).execute();
    expect(rows.map((r) => [new Date(r.window_start).getTime(), r.hits])).toEqual([[11_000, 1]]);
  });
});
