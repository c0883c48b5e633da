import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import type { HttpClient } from "../setup/http-client";
import { createClient } from "../setup/http-client";
import { collabOutcome, login, queryServerDatabase } from "./support";

type Role = "anonymous" | "coordinator" | "funder_admin" | "funder_reviewer" | "of_admin";
const ROLES: Role[] = ["anonymous", "coordinator", "funder_admin", "funder_reviewer", "of_admin"];
const ACCOUNTS: Record<Exclude<Role, "anonymous">, string> = {
  coordinator: "coordination@datadock.demo",
  funder_admin: "admin@financeur-a.demo",
  funder_reviewer: "alice@financeur-a.demo",
  of_admin: "contact@of-exemple.demo", // "Organisme Exemple Formation": every id below belongs to another OF
};

interface Ids {
  dossierId: string; // Rhône Formation Pro's dossier
  organisationId: string; // Rhône Formation Pro
  fileId: string; // one of Rhône Formation Pro's files
  evidenceId: string;
}

/** Who may open which page: the roles allowed (200); every other signed-in role gets 403, anonymous 302 → /login. */
const ROUTES: { path: (ids: Ids) => string; allowed: Role[]; denied?: number }[] = [
  { path: () => "/organisme", allowed: ["of_admin"] },
  { path: () => "/organisme/dossier", allowed: ["of_admin"] },
  { path: () => "/organisme/equipe", allowed: ["of_admin"] },
  { path: () => "/financeur", allowed: ["funder_admin", "funder_reviewer"] },
  { path: () => "/financeur/examens", allowed: ["coordinator", "funder_admin", "funder_reviewer"] },
  { path: () => "/financeur/catalogue", allowed: ["funder_admin", "funder_reviewer"] },
  { path: () => "/financeur/rapports", allowed: ["coordinator", "funder_admin", "funder_reviewer"] },
  { path: () => "/financeur/api", allowed: ["funder_admin"] },
  { path: () => "/financeur/equipe", allowed: ["funder_admin"] },
  { path: () => "/coordination", allowed: ["coordinator"] },
  { path: () => "/coordination/financeurs", allowed: ["coordinator"] },
  { path: () => "/coordination/referentiels", allowed: ["coordinator"] },
  { path: () => "/coordination/cnefop", allowed: ["coordinator"] },
  { path: () => "/coordination/campagnes", allowed: ["coordinator"] },
  { path: () => "/notifications", allowed: ["coordinator", "funder_admin", "funder_reviewer", "of_admin"] },
  // Ids of another organisation.
  { path: (ids) => `/financeur/examens/${ids.dossierId}`, allowed: ["coordinator", "funder_admin", "funder_reviewer"] },
  { path: (ids) => `/financeur/organismes/${ids.organisationId}`, allowed: ["coordinator", "funder_admin", "funder_reviewer"] },
  // A file of another OF does not exist for this OF (404, no hint it exists).
  { path: (ids) => `/fichiers/${ids.fileId}`, allowed: ["coordinator", "funder_admin", "funder_reviewer"], denied: 404 },
];

/** Collaborative documents: funders edit, the coordination reads, an OF is refused (4403), anonymous 4401. */
const DOCUMENTS: { name: (ids: Ids) => string; kind: string }[] = [
  { kind: "dossier", name: (ids) => `dossier:${ids.dossierId}:review` },
  { kind: "evidence", name: (ids) => `evidence:${ids.evidenceId}:annotations` },
  { kind: "organisation", name: (ids) => `organisation:${ids.organisationId}:funder-notes` },
];
const DOCUMENT_EXPECTED: Record<Role, number | "open"> = {
  anonymous: 4401,
  coordinator: "open",
  funder_admin: "open",
  funder_reviewer: "open",
  of_admin: 4403,
};

function expectedStatus(route: (typeof ROUTES)[number], role: Role): number {
  if (route.allowed.includes(role)) return 200;
  return role === "anonymous" ? 302 : (route.denied ?? 403);
}

describe("authorisation matrix: every role × every route and collaborative document", () => {
  let database: TestDatabase | undefined;
  let server: RunningServer;
  let ids: Ids;
  const sessions = new Map<Role, HttpClient>();

  beforeAll(async () => {
    database = await createTestDatabase();
    const env: Record<string, string> = database.url ? { DATABASE_URL: database.url } : {};
    const started = await startServer({ env });
    const read = await queryServerDatabase(started, database, env, async (db) => {
      const rhone = await db.selectFrom("organisations").select("id").where("name", "=", "Rhône Formation Pro").executeTakeFirstOrThrow();
      const dossier = await db.selectFrom("dossiers").select("id").where("organisation_id", "=", rhone.id).executeTakeFirstOrThrow();
      const file = await db.selectFrom("files").select("id").where("organisation_id", "=", rhone.id).executeTakeFirstOrThrow();
      // Rhône's evidence (a draft's is no funder's: decision 021).
      const evidence = await db
        .selectFrom("evidence")
        .innerJoin("indicator_answers", "indicator_answers.id", "evidence.answer_id")
        .select("evidence.id")
        .where("indicator_answers.dossier_id", "=", dossier.id)
        .executeTakeFirstOrThrow();
      return { dossierId: dossier.id, organisationId: rhone.id, fileId: file.id, evidenceId: evidence.id };
    });
    server = read.server;
    ids = read.result;
    sessions.set("anonymous", createClient(server.url));
    for (const [role, email] of Object.entries(ACCOUNTS)) sessions.set(role as Role, await login(server.url, email));
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  const routeCases = ROUTES.flatMap((route) => ROLES.map((role) => ({ route, role })));
  it(`pages: ${routeCases.length} (role × route) pairs`, async () => {
    const failures: string[] = [];
    for (const { route, role } of routeCases) {
      const path = route.path(ids);
      const response = await sessions.get(role)!.get(path);
      const body = await response.text();
      const expected = expectedStatus(route, role);
      if (response.status !== expected) failures.push(`${role} GET ${path}: ${response.status}, expected ${expected}`);
      else if (expected === 302 && !(response.headers.get("location") ?? "").startsWith("/login"))
        failures.push(`${role} GET ${path}: redirected elsewhere than /login`);
      else if (expected === 403 && !body.includes("Accès refusé")) failures.push(`${role} GET ${path}: 403 without the French message`);
    }
    expect(failures).toEqual([]);
  });

  const documentCases = DOCUMENTS.flatMap((document) => ROLES.map((role) => ({ document, role })));
  it(`collaborative documents: ${documentCases.length} (role × document kind) pairs`, async () => {
    const failures: string[] = [];
    const outcomes = await Promise.all(
      documentCases.map(async ({ document, role }) => ({
        document,
        role,
        outcome: await collabOutcome(server.url, document.name(ids), sessions.get(role)!.cookieHeader()),
      })),
    );
    for (const { document, role, outcome } of outcomes) {
      if (outcome !== DOCUMENT_EXPECTED[role]) failures.push(`${role} → ${document.kind}: ${outcome}, expected ${DOCUMENT_EXPECTED[role]}`);
    }
    expect(failures).toEqual([]);
  });

  it("an OF cannot reach another OF's collaborative document by a forged or unknown id either", async () => {
    const funder = sessions.get("funder_reviewer")!.cookieHeader();
    // An unknown dossier is refused even to a funder: the subject must exist.
    expect(await collabOutcome(server.url, "dossier:00000000-0000-4000-8000-000000000000:review", funder)).toBe(4403);
    // A malformed name is a bad request, whoever asks.
    expect(await collabOutcome(server.url, `dossier:${ids.dossierId}:notes`, funder)).toBe(4400);
  });
});
