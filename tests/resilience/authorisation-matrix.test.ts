import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import type { HttpClient } from "../setup/http-client";
import { createClient } from "../setup/http-client";
import { collabOutcome, login, queryServerDatabase } from "./support";

/** "expert": an outside expert (issue 15.7) asked by alice for an opinion on one indicator of Rhône's dossier. */
type Role = "anonymous" | "coordinator" | "funder_admin" | "funder_reviewer" | "of_admin" | "expert";
const ROLES: Role[] = ["anonymous", "coordinator", "funder_admin", "funder_reviewer", "of_admin", "expert"];
const SIGNED_IN: Role[] = ["coordinator", "funder_admin", "funder_reviewer", "of_admin", "expert"];
const ACCOUNTS: Record<Exclude<Role, "anonymous" | "expert">, string> = {
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
  /** The expert's request, an evidence file of the indicator asked about, and one of another indicator. */
  requestId: string;
  expertFileId: string;
  otherFileId: string;
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
  { path: () => "/notifications", allowed: SIGNED_IN },
  // Expert opinions (issue 15.7): everyone's own list; one request's page for its expert only; the evidence of its indicators.
  { path: () => "/avis", allowed: SIGNED_IN },
  { path: (ids) => `/avis/${ids.requestId}`, allowed: ["expert"], denied: 404 },
  { path: (ids) => `/fichiers/${ids.expertFileId}`, allowed: ["coordinator", "funder_admin", "funder_reviewer", "expert"], denied: 404 },
  { path: (ids) => `/fichiers/${ids.otherFileId}`, allowed: ["coordinator", "funder_admin", "funder_reviewer"], denied: 404 },
  // Ids of another organisation.
  { path: (ids) => `/financeur/examens/${ids.dossierId}`, allowed: ["coordinator", "funder_admin", "funder_reviewer"] },
  { path: (ids) => `/financeur/organismes/${ids.organisationId}`, allowed: ["coordinator", "funder_admin", "funder_reviewer"] },
  // A file of another OF does not exist for this OF (404, no hint it exists).
  { path: (ids) => `/fichiers/${ids.fileId}`, allowed: ["coordinator", "funder_admin", "funder_reviewer"], denied: 404 },
];

/** Collaborative documents: funders edit, the coordination reads, an OF and an outside expert are refused (4403), anonymous 4401. */
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
  expert: 4403,
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
    database = await createTestDatabase({ contents: "demo" });
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
      const files = await db
        .selectFrom("evidence")
        .innerJoin("indicator_answers", "indicator_answers.id", "evidence.answer_id")
        .innerJoin("indicators", "indicators.id", "indicator_answers.indicator_id")
        .select(["evidence.file_id as fileId", "indicators.code"])
        .where("indicator_answers.dossier_id", "=", dossier.id)
        .where("evidence.file_id", "is not", null)
        .where("evidence.removed_at", "is", null)
        .where("evidence.replaced_by", "is", null)
        .orderBy("indicators.position")
        .execute();
      // The indicator asked about must not carry `file` (which the expert may not read).
      const asked = files.find((f) => !files.some((g) => g.code === f.code && g.fileId === file.id))!;
      const other = files.find((f) => f.code !== asked.code)!;
      return {
        dossierId: dossier.id,
        organisationId: rhone.id,
        fileId: file.id,
        evidenceId: evidence.id,
        expertCode: asked.code,
        expertFileId: asked.fileId!,
        otherFileId: other.fileId!,
      };
    });
    server = read.server;
    sessions.set("anonymous", createClient(server.url));
    for (const [role, email] of Object.entries(ACCOUNTS)) sessions.set(role as Role, await login(server.url, email));
    // The outside expert, as the portal makes one: alice asks from the review room, the mailed link sets the account up.
    const { expertCode, ...found } = read.result;
    const asked = await sessions.get("funder_reviewer")!.postForm(`/financeur/examens/${found.dossierId}`, {
      intent: "expert-request",
      expertUserId: "",
      email: "expert.matrice@cabinet.test",
      fullName: "Expert Matrice",
      indicatorCodes: [expertCode],
      dueOn: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
      question: "Votre avis ?",
    });
    expect(asked.status).toBe(302);
    const token = /\/avis\/invitation\/([a-z2-7]{52})/.exec(await (await createClient(server.url).get("/dev/mail")).text())![1]!;
    const expert = createClient(server.url);
    const password = "un-mot-de-passe-solide";
    expect(
      (await expert.postForm(`/avis/invitation/${token}`, { fullName: "Expert Matrice", password, confirmation: password })).status,
    ).toBe(302);
    sessions.set("expert", expert);
    const requestId = /\/avis\/([0-9a-f-]{36})/.exec(await (await expert.get("/avis")).text())![1]!;
    ids = { ...found, requestId };
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
