import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import { createClient, type HttpClient } from "../setup/http-client";
import { demoIds, login } from "./support";
import { casesOfThisLane } from "../setup/test-lanes";
import { MALFORMED, encodeAny, formsOf, namesReadBy, pool, type PageForm } from "./fuzz-support";

/**
 * Every route × every role × every URL parameter, search parameter and form field × every malformed
 * value (NUL, control characters, huge, negative, out-of-range dates, non-UUIDs, 1e20, Infinity,
 * overflowing integers): no answer may be a 5xx. Field names come from the forms each role sees on
 * the page and from the names the route's code reads (hidden ids such as evidenceId, actionId…).
 * In CI each lane sends every other case of each route (casesOfThisLane): together they send them all.
 */
type Role = "anonymous" | "coordinator" | "funder_admin" | "funder_reviewer" | "of_admin";
const ACCOUNTS: Record<Exclude<Role, "anonymous">, string> = {
  coordinator: "coordination@datadock.demo",
  funder_admin: "admin@financeur-a.demo",
  funder_reviewer: "alice@financeur-a.demo",
  of_admin: "contact@of-exemple.demo",
};
const ROLES = ["anonymous", ...Object.keys(ACCOUNTS)] as Role[];

interface Ids {
  dossierId: string;
  organisationId: string;
  fileId: string;
  code: string;
  versionId: string;
  siret: string;
}

interface Route {
  /** Path with `:param` placeholders. */
  path: string;
  /** Route module (and helpers) whose read names are fuzzed. */
  files: string[];
  /** Search parameters read through helpers the scan does not see. */
  search?: string[];
  /** Do not POST (ends the session being tested). */
  noPost?: boolean;
}

const R = (name: string) => `app/routes/${name}`;
const ROUTES: Route[] = [
  { path: "/", files: [R("_index.tsx")] },
  { path: "/login", files: [R("login.tsx")] },
  { path: "/inscription", files: [R("inscription.tsx")] },
  { path: "/mot-de-passe-oublie", files: [R("mot-de-passe-oublie.tsx")] },
  { path: "/verification/renvoyer", files: [R("verification.renvoyer.tsx")] },
  { path: "/invitation/:token", files: [R("invitation.$token.tsx")] },
  { path: "/reinitialisation/:token", files: [R("reinitialisation.$token.tsx")] },
  { path: "/verification/:token", files: [R("verification.$token.tsx")] },
  { path: "/notifications", files: [R("notifications.tsx")] },
  { path: "/dev/mail", files: [R("dev.mail.tsx")] },
  { path: "/logout", files: [R("logout.tsx")], noPost: true },
  { path: "/deconnexion-partout", files: [R("deconnexion-partout.tsx")], noPost: true },
  { path: "/organisme", files: [R("organisme._index.tsx")] },
  { path: "/organisme/autodiagnostic", files: [R("organisme.autodiagnostic.tsx")] },
  { path: "/organisme/circuit-court", files: [R("organisme.circuit-court.tsx")] },
  { path: "/organisme/dossier", files: [R("organisme.dossier._index.tsx")] },
  { path: "/organisme/dossier/historique", files: [R("organisme.dossier.historique.tsx")] },
  { path: "/organisme/dossier/synthese", files: [R("organisme.dossier.synthese.tsx")] },
  { path: "/organisme/dossier/indicateur/:code", files: [R("organisme.dossier.indicateur.$code.tsx")] },
  { path: "/organisme/dossier/televersement", files: [R("organisme.dossier.televersement.tsx")] },
  { path: "/organisme/equipe", files: [R("organisme.equipe.tsx"), "app/utils/team.server.ts"] },
  { path: "/organisme/profil", files: [R("organisme.profil.tsx")] },
  { path: "/financeur", files: [R("financeur._index.tsx")] },
  { path: "/financeur/api", files: [R("financeur.api.tsx")] },
  { path: "/financeur/catalogue", files: [R("financeur.catalogue.tsx")] },
  { path: "/financeur/catalogue.csv", files: [R("financeur.catalogue[.]csv.ts")] },
  { path: "/financeur/equipe", files: [R("financeur.equipe.tsx"), "app/utils/team.server.ts"] },
  { path: "/financeur/examens", files: [R("financeur.examens._index.tsx")] },
  { path: "/financeur/examens/:dossierId", files: [R("financeur.examens.$dossierId.tsx")] },
  { path: "/financeur/examens/:dossierId/versions", files: [R("financeur.examens.$dossierId.versions.tsx")] },
  { path: "/financeur/organismes/:organisationId", files: [R("financeur.organismes.$organisationId.tsx")] },
  { path: "/financeur/rapports", files: [R("financeur.rapports.tsx"), "app/utils/reporting.server.ts"] },
  { path: "/financeur/rapports.csv", files: [R("financeur.rapports[.]csv.ts"), "app/utils/reporting.server.ts"] },
  { path: "/coordination", files: [R("coordination._index.tsx")] },
  { path: "/coordination/activite", files: [R("coordination.activite.tsx")], search: ["kind", "organisation", "dossier"] },
  { path: "/coordination/cnefop", files: [R("coordination.cnefop.tsx")] },
  { path: "/coordination/campagnes", files: [R("coordination.campagnes.tsx")], search: ["referentiel", "campagne", "page"] },
  { path: "/coordination/financeurs", files: [R("coordination.financeurs.tsx")] },
  { path: "/coordination/referentiels", files: [R("coordination.referentiels._index.tsx")] },
  { path: "/coordination/referentiels/:versionId", files: [R("coordination.referentiels.$versionId.tsx")] },
  { path: "/fichiers/:fileId", files: [R("fichiers.$id.tsx")] },
  { path: "/fils/:dossierId/:code", files: [R("fils.$dossierId.$code.ts")] },
];

const fill = (path: string, ids: Ids, override?: { param: string; value: string }) =>
  path.replace(/:(\w+)/g, (_, name: string) =>
    encodeAny(override?.param === name ? override.value : ((ids as unknown as Record<string, string>)[name] ?? "x")),
  );

interface Case {
  role: Role;
  what: string;
  send: (client: HttpClient) => Promise<Response>;
}

function post(client: HttpClient, action: string, form: PageForm, fields: Map<string, string>): Promise<Response> {
  if (!form.multipart) return client.postForm(action, Object.fromEntries(fields));
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  return client.request(action, { method: "POST", body, headers: { origin: client.baseUrl } });
}

describe("malformed input fuzz: every route × role × parameter × malformed value, never a 5xx", () => {
  let database: TestDatabase | undefined;
  let server: RunningServer;
  let ids: Ids;
  let apiKey = "";

  async function sessions(): Promise<Map<Role, HttpClient>> {
    const clients = new Map<Role, HttpClient>([["anonymous", createClient(server.url)]]);
    for (const [role, email] of Object.entries(ACCOUNTS)) {
      // A fuzzed POST may have ended a session or changed an account: fall back to anonymous.
      clients.set(role as Role, await login(server.url, email).catch(() => createClient(server.url)));
    }
    return clients;
  }

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    server = await startServer({ env: database.url ? { DATABASE_URL: database.url } : {} });
    const alice = await login(server.url, ACCOUNTS.funder_reviewer);
    const demo = await demoIds(alice);
    const of = await login(server.url, ACCOUNTS.of_admin);
    const code = /\/organisme\/dossier\/indicateur\/([0-9.]+)/.exec(await (await of.get("/organisme/dossier")).text())?.[1] ?? "1.1";
    const coordination = await login(server.url, ACCOUNTS.coordinator);
    const versionId =
      /\/coordination\/referentiels\/([0-9a-f-]{36})/.exec(await (await coordination.get("/coordination/referentiels")).text())?.[1] ?? "";
    const orgPage = await (await alice.get(`/financeur/organismes/${demo.organisationId}`)).text();
    const siret = /\b(\d{14})\b/.exec(orgPage)?.[1] ?? "00000000000000";
    ids = { dossierId: demo.dossierIds[0]!, organisationId: demo.organisationId, fileId: demo.fileId ?? "", code, versionId, siret };
    const admin = await login(server.url, ACCOUNTS.funder_admin);
    const created = await admin.postForm("/financeur/api", { intent: "create-key", name: "fuzz", scope: "read-write" });
    apiKey = /(dd_[A-Za-z0-9_-]+)/.exec(await created.text())?.[1] ?? "";
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  async function run(cases: Case[], clients: Map<Role, HttpClient>, failures: string[]) {
    await pool(
      cases.map((c) => async () => {
        try {
          const response = await c.send(clients.get(c.role)!);
          await response.arrayBuffer();
          if (response.status >= 500) failures.push(`${c.role} ${c.what}: ${response.status}`);
        } catch (error) {
          // A reset connection is no answer at all: as bad as a 5xx.
          failures.push(`${c.role} ${c.what}: ${String((error as Error).cause ?? error)}`);
        }
      }),
      6,
    );
  }

  let total = 0;

  it("API: every filter, id and body field × malformed value answers 4xx problem+json or 2xx", async () => {
    expect(apiKey).toMatch(/^dd_/);
    const headers = { authorization: `Bearer ${apiKey}` };
    const api = createClient(server.url);
    const failures: string[] = [];
    const requests: { what: string; send: () => Promise<Response> }[] = [];
    for (const { what, value } of MALFORMED) {
      const v = encodeAny(value);
      for (const name of ["status", "region", "updated_since", "cursor", "limit"]) {
        requests.push({
          what: `GET /api/v1/organisations?${name}=${what}`,
          send: () => api.get(`/api/v1/organisations?${name}=${v}`, headers),
        });
      }
      requests.push({ what: `GET /api/v1/organisations/${what}`, send: () => api.get(`/api/v1/organisations/${v}`, headers) });
      requests.push({
        what: `GET /api/v1/organisations/${what}/decisions`,
        send: () => api.get(`/api/v1/organisations/${v}/decisions`, headers),
      });
      requests.push({
        what: `DELETE /api/v1/catalogue/${what}`,
        send: () => api.request(`/api/v1/catalogue/${v}`, { method: "DELETE", headers }),
      });
      requests.push({
        what: `DELETE /api/v1/catalogue/:siret?reason=${what}`,
        send: () => api.request(`/api/v1/catalogue/${ids.siret}?reason=${v}`, { method: "DELETE", headers }),
      });
      for (const body of [{ siret: value }, { siret: ids.siret, reason: value }]) {
        requests.push({
          what: `POST /api/v1/catalogue ${JSON.stringify(Object.keys(body))}=${what}`,
          send: () =>
            api.request("/api/v1/catalogue", {
              method: "POST",
              headers: { ...headers, "content-type": "application/json" },
              body: JSON.stringify(body),
            }),
        });
      }
    }
    await pool(
      requests.map((r) => async () => {
        const response = await r.send();
        await response.arrayBuffer();
        const type = response.headers.get("content-type") ?? "";
        if (response.status >= 500) failures.push(`${r.what}: ${response.status}`);
        else if (response.status === 400 && !type.includes("application/problem+json")) failures.push(`${r.what}: 400 as ${type}`);
      }),
      6,
    );
    total += requests.length;
    process.stdout.write(`malformed-input fuzz: ${requests.length} API cases\n`);
    expect(failures).toEqual([]);
  }, 300_000);

  it.each(ROUTES)(
    "portal $path: URL parameters, search parameters and form fields",
    async (route) => {
      const clients = await sessions();
      const failures: string[] = [];
      const cases: Case[] = [];
      const page = fill(route.path, ids);
      // What each role sees: its forms (with their rendered values) and the page's GET filters.
      const forms: PageForm[] = [];
      for (const role of ROLES) {
        const response = await clients.get(role)!.get(page);
        const html = await response.text();
        if (response.status >= 500) failures.push(`${role} GET ${page}: ${response.status}`);
        if (response.status === 200 && (response.headers.get("content-type") ?? "").includes("html")) forms.push(...formsOf(html, page));
      }
      const read = namesReadBy(route.files);
      const searchNames = new Set([
        ...read,
        ...(route.search ?? []),
        ...forms.filter((f) => f.method === "get").flatMap((f) => [...f.fields.keys()]),
      ]);
      const postForms = route.noPost ? [] : dedupe(forms.filter((f) => f.method === "post"));
      if (!route.noPost && postForms.length === 0) postForms.push({ method: "post", action: page, multipart: false, fields: new Map() });
      const seenInForms = new Set(postForms.flatMap((f) => [...f.fields.keys()]));
      const hidden = read.filter((name) => !seenInForms.has(name));

      for (const role of ROLES) {
        for (const { what, value } of MALFORMED) {
          for (const param of route.path.match(/:(\w+)/g) ?? []) {
            const path = fill(route.path, ids, { param: param.slice(1), value });
            cases.push({ role, what: `GET ${route.path} ${param}=${what}`, send: (c) => c.get(path) });
          }
          for (const name of searchNames) {
            cases.push({ role, what: `GET ${route.path}?${name}=${what}`, send: (c) => c.get(`${page}?${name}=${encodeAny(value)}`) });
          }
          for (const form of postForms) {
            const intent = form.fields.get("intent") ?? "";
            for (const name of new Set([...form.fields.keys(), ...hidden])) {
              if (name === "intent" && intent === "") continue;
              const fields = new Map(form.fields);
              fields.set(name, value);
              cases.push({
                role,
                what: `POST ${form.action} [${intent}] ${name}=${what}`,
                send: (c) => post(c, form.action, form, fields),
              });
            }
          }
        }
      }
      const sent = casesOfThisLane(cases);
      await run(sent, clients, failures);
      total += sent.length;
      process.stdout.write(`malformed-input fuzz: ${route.path}: ${sent.length} of ${cases.length} cases (running total ${total})\n`);
      expect(failures).toEqual([]);
    },
    600_000,
  );

  it("the server is still up and answering", async () => {
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(200);
    process.stdout.write(`malformed-input fuzz: ${total} route × role × parameter × malformed-value cases in all\n`);
  });
});

function dedupe(forms: PageForm[]): PageForm[] {
  const seen = new Map<string, PageForm>();
  for (const form of forms) {
    const key = `${form.action} ${form.fields.get("intent") ?? ""} ${[...form.fields.keys()].sort().join(",")}`;
    if (!seen.has(key)) seen.set(key, form);
  }
  return [...seen.values()];
}
