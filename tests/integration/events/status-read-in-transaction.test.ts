import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "kysely";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { startTestDispatcher } from "../../setup/event-dispatcher";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import type { Mailer, OutgoingMail } from "../../../domain/mail/mailer";
import type { Actor } from "../../../domain/permissions/actor";
import { saveDescription, setNotApplicable } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import { takeDossier } from "../../../domain/examination/take";
import { createOf, createOrganisationWithUser, createReferentiel } from "../of-dossiers/fixtures";
import { waitFor } from "../../setup/barrier";

/**
 * The OF hears "en examen" once, from the change that made it. The examination page used to read the
 * status before the service's transaction (check-then-act): an assignment racing a take read
 * "soumis", found "en examen" after, and told the OF again. The status is now read under the row
 * lock, in the service's transaction (decision 030). Needs two connections: PostgreSQL only.
 */
const sent: OutgoingMail[] = [];
const mailer: Mailer = { send: async (mail) => void sent.push(mail), listLocal: async () => null };
let t: TestDatabase;
let events: EventDispatcher | undefined;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;

beforeAll(async () => {
  t = await createTestDatabase();
  handle = createRequestHandler((await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild, "production");
});
afterAll(async () => {
  await events?.stop();
  await t?.close();
});

function post(actor: Actor, path: string, fields: Record<string, string>) {
  return handle(
    new Request(`http://localhost${path}`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
    testLoadContext({ db: t.db, actor, services: { mailer } }),
  );
}

describe("status changes are read in the transaction that makes them", () => {
  it.skipIf(!process.env.DATABASE_URL)("an assignment racing a take does not tell the OF twice", async () => {
    await createReferentiel(t.db);
    const of = await createOf(t.db);
    await saveDescription(t.db, of, "1.1", "Objectifs écrits");
    await addEvidence(t.db, of, "1.1", { kind: "link", url: "https://of.example/objectifs" });
    await saveDescription(t.db, of, "1.2", "Public décrit");
    await addEvidence(t.db, of, "1.2", { kind: "link", url: "https://of.example/public" });
    await setNotApplicable(t.db, of, "2.1", true, "Aucun accueil physique");
    await submitDossier(t.db, of);
    const dossierId = (await findOfDossier(t.db, of.organisationId))!.id;
    const reviewer = await createOrganisationWithUser(t.db, "funder", "funder_reviewer");
    const admin = (await createOrganisationWithUser(t.db, "funder", "funder_admin")).actor;
    // No poll during the test: only what a request commits is dispatched until drainPending.
    events = await startTestDispatcher(t.db, { mailer, pollMs: 3_600_000 });
    sent.length = 0;
    const toOf = () => sent.filter((m) => m.to === of.actor.email);

    // A take holds the dossier's row lock while the admin's assignment request arrives.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const take = t.db.transaction().execute(async (trx) => {
      await trx.selectFrom("dossiers").select("id").where("id", "=", dossierId).forUpdate().execute();
      locked();
      await gate;
      await takeDossier(trx, reviewer.actor, dossierId);
    });
    await isLocked;
    const assign = post(admin, `/financeur/examens/${dossierId}`, { intent: "assign", examinerId: reviewer.userId });
    // Barrier: the assignment waits on the row lock (it read whatever it reads before that).
    await waitFor(async () => {
      const { rows } = await sql<{ n: string }>`select count(*)::text as n from pg_locks where not granted`.execute(t.db);
      return Number(rows[0]!.n) > 0;
    });
    release();
    await take;
    expect((await assign).status).toBe(200);
    // The assignment found the dossier already en examen: it changed the examiner, not the status.
    expect(toOf()).toEqual([]);
    // The take's own event (committed outside inTransaction here) tells the OF, once.
    await events.drainPending({ graceMs: 0 });
    expect(toOf().map((m) => m.subject)).toEqual([expect.stringContaining("En examen")]);
    const notes = await t.db
      .selectFrom("notifications")
      .select("kind")
      .where("user_id", "=", of.userId)
      .where("kind", "=", "dossier.status_changed")
      .execute();
    expect(notes).toHaveLength(2); // submitted, then en examen
  });
});
