import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { storedPdf, unzipEntries } from "../../setup/export-files";
import type { Actor } from "../../../domain/permissions/actor";
import { createOf, createOrganisationWithUser, createReferentiel } from "../of-dossiers/fixtures";
import { saveDescription } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import { createSession } from "../../../domain/accounts/session.service";
import { startDailyJobs } from "../../../server/jobs/daily-jobs";
import { DEFAULT_RETENTION } from "../../../domain/retention/retention.service";

/**
 * The OF's own data (issue 14.8, decision record 039), through the real Remix build: the ZIP export,
 * deleting one's account (the last admin refused), and the daily retention job run once across two runners.
 */
let t: TestDatabase;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;

beforeAll(async () => {
  t = await createTestDatabase();
  await createReferentiel(t.db);
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  handle = createRequestHandler(build, "production");
});
afterAll(() => t?.close());

function request(actor: Actor | null, path: string, init?: RequestInit) {
  return handle(new Request(`http://localhost${path}`, init), testLoadContext({ db: t.db, actor }));
}

function post(actor: Actor, path: string, fields: Record<string, string> = {}) {
  return request(actor, path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

const storedFile = (organisationId: string, name: string, bytes: Buffer) =>
  storedPdf(t.db, organisationId, `export-test/${name}`, name, bytes);

async function memberOf(organisationId: string, role: "of_admin" | "of_member", name: string): Promise<Actor> {
  const user = await t.db
    .insertInto("users")
    .values({ email: `${name.toLowerCase().replace(/\W/g, "")}-${organisationId.slice(0, 6)}@test.demo`, full_name: name })
    .returning(["id", "email", "full_name"])
    .executeTakeFirstOrThrow();
  await t.db.insertInto("memberships").values({ user_id: user.id, organisation_id: organisationId, role }).execute();
  const org = await t.db.selectFrom("organisations").select("name").where("id", "=", organisationId).executeTakeFirstOrThrow();
  return {
    userId: user.id,
    email: user.email,
    fullName: user.full_name,
    memberships: [{ organisationId, organisationKind: "of", organisationName: org.name, role }],
  };
}

async function threadMessage(dossierId: string, author: Actor, organisationId: string, body: string, fileId: string | null = null) {
  const thread = await t.db
    .insertInto("threads")
    .values({ dossier_id: dossierId, indicator_id: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("messages")
    .values({ thread_id: thread.id, author_id: author.userId, author_organisation_id: organisationId, body, file_id: fileId })
    .execute();
  return thread.id;
}

describe("the export", () => {
  it("gives an OF admin its answers, evidence files, threads and history as one streamed ZIP", async () => {
    const of = await createOf(t.db, "Organisme Export");
    await saveDescription(t.db, of, "1.1", "<p>Nos objectifs pédagogiques</p>");
    const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(5000, 7)]);
    const fileId = await storedFile(of.organisationId, "programme.pdf", pdf);
    await addEvidence(t.db, of, "1.1", { kind: "file", fileId, label: "Programme" });
    const dossierId = (await findOfDossier(t.db, of.organisationId))!.id;
    const funder = await createOrganisationWithUser(t.db, "funder", "funder_reviewer", "Financeur lecteur");
    const funderFile = await storedFile(funder.organisationId, "modele.pdf", Buffer.from("%PDF-1.4 modèle"));
    await threadMessage(dossierId, funder.actor, funder.organisationId, "Merci de préciser les objectifs.", funderFile);

    const response = await request(of.actor, "/organisme/donnees.zip");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-length")).toBeNull(); // streamed as it is written
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="datadock-\d{14}-\d{4}-\d\d-\d\d\.zip"/);
    const entries = await unzipEntries(Buffer.from(await response.arrayBuffer()));

    const names = [...entries.keys()].sort();
    expect(names).toContain("organisme.json");
    expect(names).toContain("LISEZ-MOI.txt");
    expect(entries.get(`fichiers/${fileId}-programme.pdf`)?.equals(pdf)).toBe(true);
    expect(entries.get(`fichiers/${funderFile}-modele.pdf`)?.toString()).toBe("%PDF-1.4 modèle");
    const organisation = JSON.parse(entries.get("organisme.json")!.toString()) as { organisme: { name: string }; membres: unknown[] };
    expect(organisation.organisme.name).toBe("Organisme Export");
    expect(organisation.membres).toHaveLength(1);
    const dossierEntry = names.find((n) => n.startsWith("dossiers/"))!;
    const dossier = JSON.parse(entries.get(dossierEntry)!.toString()) as {
      reponses: Array<{ indicator: string; description: string }>;
      preuves: Array<{ file_id: string; label: string }>;
      fils: Array<{ messages: Array<{ body: string; author_organisation: string }> }>;
      historique: unknown[];
    };
    expect(dossier.reponses.find((r) => r.indicator === "1.1")?.description).toBe("<p>Nos objectifs pédagogiques</p>");
    expect(dossier.preuves).toMatchObject([{ file_id: fileId, label: "Programme" }]);
    expect(dossier.fils[0]?.messages).toMatchObject([
      { body: "Merci de préciser les objectifs.", author_organisation: "Financeur lecteur" },
    ]);
    expect(Array.isArray(dossier.historique)).toBe(true);
  });

  it("is for the OF's admins only", async () => {
    const of = await createOf(t.db, "Organisme Réservé");
    const member = await memberOf(of.organisationId, "of_member", "Membre Simple");
    const funder = await createOrganisationWithUser(t.db, "funder", "funder_admin", "Financeur curieux");
    expect((await request(member, "/organisme/donnees.zip")).status).toBe(403);
    expect((await request(funder.actor, "/organisme/donnees.zip")).status).toBe(403);
    expect((await request(null, "/organisme/donnees.zip")).status).toBe(302);
  });
});

describe("deleting one's account", () => {
  it("anonymises the member, revokes their sessions, keeps their messages as « Ancien membre »", async () => {
    const of = await createOf(t.db, "Organisme Départ");
    await saveDescription(t.db, of, "1.1", "<p>x</p>");
    const dossierId = (await findOfDossier(t.db, of.organisationId))!.id;
    const leaving = await memberOf(of.organisationId, "of_member", "Léa Départ");
    await threadMessage(dossierId, leaving, of.organisationId, "Voici notre réponse.");
    await createSession(t.db, leaving.userId);
    await t.db
      .insertInto("notifications")
      .values({ user_id: leaving.userId, kind: "x", payload: JSON.stringify({}) })
      .execute();

    const response = await post(leaving, "/organisme/donnees");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
    expect(response.headers.get("set-cookie")).toMatch(/Expires=Thu, 01 Jan 1970/i);

    const user = await t.db.selectFrom("users").selectAll().where("id", "=", leaving.userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      full_name: "Ancien membre",
      email: `ancien-membre-${leaving.userId}@supprime.invalid`,
      password_hash: null,
    });
    expect(user.deleted_at).not.toBeNull();
    expect(user.disabled_at).not.toBeNull();
    const left = async (table: "sessions" | "memberships" | "notifications") =>
      (await t.db.selectFrom(table).select("user_id").where("user_id", "=", leaving.userId).execute()).length;
    expect([await left("sessions"), await left("memberships"), await left("notifications")]).toEqual([0, 0, 0]);
    const message = await t.db
      .selectFrom("messages")
      .innerJoin("users", "users.id", "messages.author_id")
      .select(["messages.body", "users.full_name"])
      .where("users.id", "=", leaving.userId)
      .executeTakeFirstOrThrow();
    expect(message).toEqual({ body: "Voici notre réponse.", full_name: "Ancien membre" });
  });

  it("refuses the last admin until another admin exists", async () => {
    const of = await createOf(t.db, "Organisme Seul");
    const refused = await post(of.actor, "/organisme/donnees");
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain("Vous êtes le dernier administrateur de « Organisme Seul »");
    expect(
      (await t.db.selectFrom("users").select("deleted_at").where("id", "=", of.userId).executeTakeFirstOrThrow()).deleted_at,
    ).toBeNull();

    await memberOf(of.organisationId, "of_admin", "Nouvel Admin");
    expect((await post(of.actor, "/organisme/donnees")).status).toBe(302);
    expect(
      (await t.db.selectFrom("users").select("deleted_at").where("id", "=", of.userId).executeTakeFirstOrThrow()).deleted_at,
    ).not.toBeNull();
  });
});

describe("the retention job", () => {
  it("purges what outlived its retention, once a day across two runners", async () => {
    const of = await createOf(t.db, "Organisme Retenue");
    const day = 86_400_000;
    const old = new Date(Date.now() - 400 * day);
    const recent = new Date(Date.now() - 2 * 3_600_000);
    const ids = { old: "a".repeat(64), recent: "b".repeat(64), live: "c".repeat(64) };
    await t.db
      .insertInto("sessions")
      .values([
        { id: ids.old, user_id: of.userId, expires_at: old },
        { id: ids.recent, user_id: of.userId, expires_at: new Date(Date.now() + day), revoked_at: recent },
        { id: ids.live, user_id: of.userId, expires_at: new Date(Date.now() + 10 * day) },
      ])
      .execute();
    await t.db
      .insertInto("email_tokens")
      .values([
        { token_hash: "old-token", kind: "reset_password", email: of.actor.email, user_id: of.userId, expires_at: old },
        {
          token_hash: "live-token",
          kind: "reset_password",
          email: of.actor.email,
          user_id: of.userId,
          expires_at: new Date(Date.now() + day),
        },
      ])
      .execute();
    await t.db
      .insertInto("login_throttles")
      .values([
        { account: "old@test.demo", address: "192.0.2.1", failures: 3, last_failure_at: old, blocked_until: old },
        { account: "now@test.demo", address: "192.0.2.2", failures: 1, last_failure_at: recent, blocked_until: recent },
      ])
      .execute();
    await t.db
      .insertInto("notifications")
      .values([
        { user_id: of.userId, kind: "old", payload: JSON.stringify({}), created_at: old, read_at: old },
        { user_id: of.userId, kind: "recent", payload: JSON.stringify({}) },
      ])
      .execute();

    const logger = pino({ level: "silent" });
    const runnerA = startDailyJobs(t.db, logger, { timer: false, retention: DEFAULT_RETENTION });
    const runnerB = startDailyJobs(t.db, logger, { timer: false, retention: DEFAULT_RETENTION });
    const today = "2031-03-04";
    const [ranA, ranB] = await Promise.all([runnerA.runDue(today), runnerB.runDue(today)]);
    expect([...ranA, ...ranB].filter((job) => job === "personal-data-retention")).toEqual(["personal-data-retention"]);
    const runs = await t.db
      .selectFrom("scheduled_job_runs")
      .selectAll()
      .where("job", "=", "personal-data-retention")
      .where("run_on", "=", today)
      .execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]?.finished_at).not.toBeNull();
    expect(await runnerA.runDue(today)).toEqual([]);

    const sessions = await t.db.selectFrom("sessions").select("id").where("user_id", "=", of.userId).orderBy("id").execute();
    expect(sessions.map((s) => s.id)).toEqual([ids.recent, ids.live]);
    const tokens = await t.db.selectFrom("email_tokens").select("token_hash").where("user_id", "=", of.userId).execute();
    expect(tokens.map((r) => r.token_hash)).toEqual(["live-token"]);
    const throttles = await t.db
      .selectFrom("login_throttles")
      .select("account")
      .where("address", "in", ["192.0.2.1", "192.0.2.2"])
      .execute();
    expect(throttles.map((r) => r.account)).toEqual(["now@test.demo"]);
    const notifications = await t.db.selectFrom("notifications").select("kind").where("user_id", "=", of.userId).execute();
    expect(notifications.map((n) => n.kind)).toEqual(["recent"]);
    await runnerA.stop();
    await runnerB.stop();
  });
});
