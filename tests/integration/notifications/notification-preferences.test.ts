import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { memoryMailer } from "../../factories/records";
import { createOf, createOrganisationWithUser, createReferentiel } from "../of-dossiers/fixtures";
import type { Actor } from "../../../domain/permissions/actor";
import type { StoredDomainEvent } from "../../../domain/events/domain-event";
import { listNotifications } from "../../../domain/notifications/notifications.service";
import { preferencesOf, savePreferences } from "../../../domain/notifications/notification-preferences";
import { notificationHandler } from "../../../server/events/notification-handler";
import { startDailyJobs } from "../../../server/jobs/daily-jobs";

/**
 * Notification preferences and the daily digest (issue 15.8, decision 047): saved through the page's
 * action (validated, the signed-in user's own only), honoured by the dispatcher's notification
 * handler (in-app row always, a mail only for "immediate", "digest" rows pending), and the digest job
 * claimed once per day across two instances.
 */
let t: TestDatabase;
let versionId: string;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
const logger = pino({ level: "silent" });

beforeAll(async () => {
  t = await createTestDatabase();
  versionId = (await createReferentiel(t.db)).versionId;
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  handle = createRequestHandler(build, "production");
});
afterAll(async () => {
  await t?.close();
});

const pageMailer = { send: async () => {}, listLocal: async () => [] };

function post(actor: Actor, body: Record<string, string>) {
  return handle(
    new Request("http://localhost/preferences", {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams(body),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
    testLoadContext({ db: t.db, actor, services: { mailer: pageMailer } }),
  );
}

/** Every kind at its default, with `changes` on top (form field names: dots as underscores). */
async function formOf(actor: Actor, changes: Record<string, string>) {
  const prefs = await preferencesOf(t.db, actor.userId);
  return { ...Object.fromEntries(Object.entries(prefs).map(([kind, channel]) => [kind.replaceAll(".", "_"), channel])), ...changes };
}

async function dossierOf(organisationId: string) {
  return (
    await t.db
      .insertInto("dossiers")
      .values({ organisation_id: organisationId, referentiel_version_id: versionId, status: "soumis" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}

let eventId = 0;
function submitted(dossierId: string, organisationId: string, userId: string): StoredDomainEvent {
  return {
    id: String(++eventId),
    createdAt: new Date(),
    type: "dossier.status_changed",
    payload: { dossierId, organisationId, cause: "submit", from: "brouillon", to: "soumis", actor: { userId, name: "OF" } },
  };
}

describe("notification preferences", () => {
  it("are saved through the page for OF, funder and coordination users, validated, and only the user's own", async () => {
    const of = await createOf(t.db);
    const funder = await createOrganisationWithUser(t.db, "funder", "funder_reviewer");
    const coordination = await createOrganisationWithUser(t.db, "coordination", "coordinator");

    for (const { actor } of [{ actor: of.actor }, funder, coordination]) {
      const page = await handle(
        new Request("http://localhost/preferences"),
        testLoadContext({ db: t.db, actor, services: { mailer: pageMailer } }),
      );
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("Préférences de notification");
      expect(html).toContain("Résumé quotidien par e-mail");
      expect(html).not.toContain("notifications.preferences.");
    }

    // A value outside the three channels is refused in French, and nothing is saved.
    const bad = await post(of.actor, await formOf(of.actor, { dossier_status_changed: "pigeon" }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Choisissez l&#x27;une des trois options proposées.");
    expect((await preferencesOf(t.db, of.userId))["dossier.status_changed"]).toBe("immediate");

    // A user id slipped into the form is ignored: the session's user saves their own choices only.
    const funderBefore = await preferencesOf(t.db, funder.userId);
    const ok = await post(of.actor, {
      ...(await formOf(of.actor, { dossier_status_changed: "digest", mention: "immediate" })),
      userId: funder.userId,
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Vos préférences de notification sont enregistrées.");
    const saved = await preferencesOf(t.db, of.userId);
    expect(saved["dossier.status_changed"]).toBe("digest");
    expect(saved.mention).toBe("immediate");
    expect(saved["message.posted"]).toBe("in_app");
    expect(await preferencesOf(t.db, funder.userId)).toEqual(funderBefore);

    const coordinationSaved = await post(coordination.actor, await formOf(coordination.actor, { revision_pending: "in_app" }));
    expect(coordinationSaved.status).toBe(200);
    expect((await preferencesOf(t.db, coordination.userId))["revision.pending"]).toBe("in_app");

    // Each person is offered the kinds that concern them: an OF's staff never an expert request, a
    // funder's examiner never their "own dossier"; the coordination its daily list of late dossiers.
    const offered = async (actor: Actor) => {
      const html = await (
        await handle(new Request("http://localhost/preferences"), testLoadContext({ db: t.db, actor, services: { mailer: pageMailer } }))
      ).text();
      return (name: string) => html.includes(`name="${name}"`);
    };
    const ofOffers = await offered(of.actor);
    expect(ofOffers("dossier_status_changed")).toBe(true);
    expect(ofOffers("expert_requested")).toBe(false);
    expect(ofOffers("deadline_late")).toBe(false);
    const funderOffers = await offered(funder.actor);
    expect(funderOffers("deadline_late")).toBe(true);
    expect(funderOffers("expert_requested")).toBe(true);
    expect(funderOffers("dossier_status_changed")).toBe(false);
    expect(funderOffers("deadline_late_list")).toBe(false);
    expect((await offered(coordination.actor))("deadline_late_list")).toBe(true);
    // A kind not offered keeps its saved choice when the page is saved (nothing is lost).
    await savePreferences(t.db, funder.userId, { ...(await preferencesOf(t.db, funder.userId)), "dossier.status_changed": "in_app" });
    const funderForm = Object.fromEntries(
      Object.entries(await formOf(funder.actor, { deadline_late: "digest" })).filter(([name]) => funderOffers(name)),
    );
    expect((await post(funder.actor, funderForm)).status).toBe(200);
    const funderSaved = await preferencesOf(t.db, funder.userId);
    expect(funderSaved["deadline.late"]).toBe("digest");
    expect(funderSaved["dossier.status_changed"]).toBe("in_app");
  });

  it("are honoured by the notification handler and the daily digest, sent once a day across instances", async () => {
    // One OF with three members: one per channel for "dossier.status_changed".
    const of = await createOf(t.db, "Digest Formation");
    const members = { immediate: of.userId } as Record<"immediate" | "in_app" | "digest", string>;
    for (const channel of ["in_app", "digest"] as const) {
      const user = await t.db
        .insertInto("users")
        .values({ email: `${channel}-${Date.now()}@digest.test`, full_name: channel, password_hash: "x", email_verified_at: new Date() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await t.db.insertInto("memberships").values({ user_id: user.id, organisation_id: of.organisationId, role: "of_member" }).execute();
      members[channel] = user.id;
      const actor = { ...of.actor, userId: user.id };
      expect((await post(actor, await formOf(actor, { dossier_status_changed: channel, control_opened: channel }))).status).toBe(200);
    }
    const emails = Object.fromEntries(
      (await t.db.selectFrom("users").select(["id", "email"]).where("id", "in", Object.values(members)).execute()).map((u) => [
        u.id,
        u.email,
      ]),
    );

    const mailer = memoryMailer();
    const handler = notificationHandler({ db: t.db, mailer, publicUrl: "http://localhost" });
    const dossierId = await dossierOf(of.organisationId);
    await handler.handle(submitted(dossierId, of.organisationId, of.userId));
    await handler.handle(submitted(dossierId, of.organisationId, of.userId));
    // A kind mailed through notifyOrganisation (a control opened) honours the preference the same way.
    await handler.handle({
      id: String(++eventId),
      createdAt: new Date(),
      type: "dossier.status_changed",
      payload: {
        dossierId,
        organisationId: of.organisationId,
        cause: "control",
        from: "datadocke",
        to: "en_examen",
        actor: { userId: of.userId, name: "Financeur" },
        control: { action: "opened", indicators: ["1.1"], reason: "Contrôle aléatoire" },
      },
    });

    // In-app rows for all three; a mail per event for "immediate" only; the digest rows pending.
    for (const userId of Object.values(members)) expect(await listNotifications(t.db, userId)).toHaveLength(3);
    expect(mailer.sent.map((m) => m.to)).toEqual([emails[members.immediate], emails[members.immediate], emails[members.immediate]]);
    const digestRows = await t.db
      .selectFrom("notifications")
      .select(["user_id", "digest"])
      .where("user_id", "in", Object.values(members))
      .execute();
    expect(digestRows.filter((r) => r.digest === "pending").map((r) => r.user_id)).toEqual([
      members.digest,
      members.digest,
      members.digest,
    ]);
    expect(digestRows.filter((r) => r.user_id !== members.digest).every((r) => r.digest === null)).toBe(true);

    // Two instances run the day's jobs: one digest mail for the digest user, listing its three notifications.
    const digestMailer = memoryMailer();
    const digest = { mailer: digestMailer, publicUrl: "http://localhost" };
    const instanceA = startDailyJobs(t.db, logger, { timer: false, digest });
    const instanceB = startDailyJobs(t.db, logger, { timer: false, digest });
    const day = "2031-05-04";
    const [ranA, ranB] = await Promise.all([instanceA.runDue(day), instanceB.runDue(day)]);
    expect([...ranA, ...ranB].filter((name) => name === "notification-digests")).toHaveLength(1);
    expect(await instanceA.runDue(day)).toEqual([]);
    const toDigestUser = digestMailer.sent.filter((m) => m.to === emails[members.digest]);
    expect(toDigestUser).toHaveLength(1);
    expect(toDigestUser[0]!.subject).toBe("Datadock — votre résumé du jour : 3 notifications");
    expect(toDigestUser[0]!.text.match(/- Votre dossier est passé au statut « Soumis »/g)).toHaveLength(2);
    expect(toDigestUser[0]!.text).toContain("- Un contrôle a été ouvert sur votre dossier");
    expect(toDigestUser[0]!.text).toContain("http://localhost/notifications");
    expect(digestMailer.sent.some((m) => m.to === emails[members.immediate] || m.to === emails[members.in_app])).toBe(false);
    const after = await t.db.selectFrom("notifications").select("digest").where("user_id", "=", members.digest).execute();
    expect(after.every((r) => r.digest === "sent")).toBe(true);
    await Promise.all([instanceA.stop(), instanceB.stop()]);
  });
});
