import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createApiContract } from "../../setup/openapi-contract";
import { makeDossier, makeOrganisation, makeReferentiel } from "../../factories/records";
import { createApiKey } from "../../../domain/api-keys/api-keys.service";
import { API_RATE_POLICY } from "../../../domain/api-keys/rate-limiter";
import { openApiDocument } from "../../../domain/api/openapi";
import type { Actor } from "../../../domain/permissions/actor";

/**
 * The API's contract through the real Remix build (npm run build first), as a client meets it:
 * every answer that is not a success is problem+json (unknown paths, undocumented methods, bad
 * keys, scope, quota, bad input, failures), the quota is the funder's, the served document passes
 * Redocly's recommended rules, and every answer here is checked against that document.
 */
const ORIGIN = "http://localhost";
let t: TestDatabase;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
let context: AppLoadContext;
let readKey: string;
let writeKey: string;
let funderId: string;
let admin: Actor;
let siret: string;
const contract = createApiContract();

beforeAll(async () => {
  t = await createTestDatabase();
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  handle = createRequestHandler(build, "production");
  context = {
    services: {
      db: t.db,
      config: { publicUrl: ORIGIN, secureCookies: false, devMailbox: false, uploadMaxBytes: 1024 * 1024, cookieSecret: "x".repeat(32) },
    },
    session: null,
    cspNonce: "n",
    clientIp: "127.0.0.1",
  } as unknown as AppLoadContext;
  const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
  const funder = await makeOrganisation(t.db, "funder", ["funder_admin"]);
  funderId = funder.id;
  admin = funder.users[0]!.actor;
  readKey = (await createApiKey(t.db, funder.users[0]!.actor, { funderId, name: "Lecture", scope: "read" })).key;
  writeKey = (await createApiKey(t.db, funder.users[0]!.actor, { funderId, name: "Écriture", scope: "read-write" })).key;
  const of = await makeOrganisation(t.db, "of", ["of_admin"]);
  await makeDossier(t.db, of, ref);
  siret = of.siret!;
});
afterAll(() => t?.close());

/** One request through the build; its answer must match the document. */
async function api(method: string, path: string, options: { key?: string; body?: unknown; ctx?: AppLoadContext } = {}) {
  const headers = new Headers();
  if (options.key) headers.set("authorization", `Bearer ${options.key}`);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const request = new Request(`${ORIGIN}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const response = await handle(request, options.ctx ?? context);
  await contract.check(method, path, response);
  return response;
}

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as { type: string; title: string; status: number; detail?: string };
}

describe("API contract", () => {
  it("serves a document that passes Redocly's recommended rules, with no error and no warning", async () => {
    const response = await api("GET", "/api/v1/openapi.json");
    expect(response.status).toBe(200);
    const served = await response.text();
    expect(JSON.parse(served)).toEqual(openApiDocument());
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: served, absoluteRef: `${ORIGIN}/api/v1/openapi.json`, config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it("answers an undocumented method with 405 problem+json naming the allowed ones, key or not", async () => {
    const cases: Array<[string, string, string]> = [
      ["/api/v1/organisations", "PUT", "GET, HEAD"],
      ["/api/v1/organisations", "PATCH", "GET, HEAD"],
      ["/api/v1/organisations", "POST", "GET, HEAD"],
      ["/api/v1/organisations", "DELETE", "GET, HEAD"],
      [`/api/v1/organisations/${siret}`, "PUT", "GET, HEAD"],
      [`/api/v1/organisations/${siret}/decisions`, "PATCH", "GET, HEAD"],
      ["/api/v1/catalogue", "PUT", "GET, HEAD, POST"],
      ["/api/v1/catalogue", "DELETE", "GET, HEAD, POST"],
      [`/api/v1/catalogue/${siret}`, "GET", "DELETE"],
      [`/api/v1/catalogue/${siret}`, "PATCH", "DELETE"],
      ["/api/v1/openapi.json", "POST", "GET, HEAD"],
    ];
    for (const [path, method, allow] of cases) {
      for (const key of [undefined, writeKey]) {
        const response = await api(method, path, { key });
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.get("allow")).toBe(allow);
        expect(await problemOf(response)).toMatchObject({ status: 405, title: "Method Not Allowed" });
      }
    }
  });

  it("answers an unknown path under /api/v1 with 404 problem+json, not the portal's page", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/inconnu"],
      ["GET", "/api/v1"],
      ["GET", "/api/v1/organisations/12345678901234/inconnu"],
      ["POST", "/api/v1/inconnu"],
      ["DELETE", "/api/v1/catalogue/1/2/3"],
      ["GET", "/api/v1/cl%C3%A9s?x=1"],
    ] as const) {
      const response = await api(method, path, { key: readKey });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await problemOf(response)).toMatchObject({ status: 404 });
    }
  });

  it("answers 401, 403, 400 and 404 as problem+json", async () => {
    expect((await problemOf(await api("GET", "/api/v1/organisations"))).status).toBe(401);
    expect((await problemOf(await api("GET", "/api/v1/catalogue", { key: "dd_nope" }))).status).toBe(401);
    expect((await problemOf(await api("POST", "/api/v1/catalogue", { key: readKey, body: { siret } }))).status).toBe(403);
    expect((await problemOf(await api("POST", "/api/v1/catalogue", { key: writeKey, body: { siret: "123" } }))).status).toBe(400);
    expect((await problemOf(await api("GET", "/api/v1/organisations?limit=0", { key: readKey }))).status).toBe(400);
    expect((await problemOf(await api("GET", "/api/v1/organisations/00000000000000", { key: readKey }))).status).toBe(404);
    expect((await problemOf(await api("DELETE", `/api/v1/catalogue/${siret}?reason=fin`, { key: writeKey }))).status).toBe(404);
    // The successes are checked against the document too.
    expect((await api("GET", `/api/v1/organisations/${siret}`, { key: readKey })).status).toBe(200);
    expect((await api("GET", `/api/v1/organisations/${siret}/decisions`, { key: readKey })).status).toBe(200);
    expect((await api("HEAD", "/api/v1/catalogue", { key: readKey })).status).toBe(200);
  });

  it("answers a failure it did not expect with 500 problem+json, and a database that does not answer with 503", async () => {
    const failing = (error: Error) =>
      ({
        ...context,
        services: {
          ...context.services,
          db: new Proxy(
            {},
            {
              get: () => () => {
                throw error;
              },
            },
          ),
        },
      }) as unknown as AppLoadContext;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const crash = await api("GET", "/api/v1/catalogue", { key: readKey, ctx: failing(new Error("boom")) });
    expect(crash.status).toBe(500);
    expect(await problemOf(crash)).toMatchObject({ status: 500 });
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
    const down = await api("GET", "/api/v1/catalogue", {
      key: readKey,
      ctx: failing(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })),
    });
    expect(down.status).toBe(503);
    expect(await problemOf(down)).toMatchObject({ status: 503 });
  });

  it("counts the quota per funder: a second key of the same funder does not double it", async () => {
    const windowMs = API_RATE_POLICY.windowMs;
    // Two requests, one per key: the second sees the first one's hit (unless a window just began).
    for (let attempt = 0; ; attempt++) {
      const first = Number((await api("GET", "/api/v1/catalogue", { key: readKey })).headers.get("ratelimit-remaining"));
      const second = Number((await api("GET", "/api/v1/catalogue", { key: writeKey })).headers.get("ratelimit-remaining"));
      if (second === first - 1 || attempt === 2) {
        expect(second).toBe(first - 1);
        break;
      }
    }
    // The funder's window is used up (this one and the next, should the minute turn): every key is refused.
    const start = Math.floor(Date.now() / windowMs) * windowMs;
    for (const windowStart of [new Date(start), new Date(start + windowMs)]) {
      await t.db
        .insertInto("api_rate_windows")
        .values({ funder_id: funderId, window_start: windowStart, hits: API_RATE_POLICY.limit })
        .onConflict((oc) => oc.columns(["funder_id", "window_start"]).doUpdateSet({ hits: API_RATE_POLICY.limit }))
        .execute();
    }
    for (const key of [readKey, writeKey]) {
      const refused = await api("GET", "/api/v1/organisations", { key });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(refused.headers.get("ratelimit-remaining")).toBe("0");
      expect(await problemOf(refused)).toMatchObject({ status: 429 });
    }
    // A new key of the same funder shares the spent quota.
    const fresh = (await createApiKey(t.db, admin, { funderId, name: "Nouvelle", scope: "read" })).key;
    expect((await api("GET", "/api/v1/catalogue", { key: fresh })).status).toBe(429);
  });
});
