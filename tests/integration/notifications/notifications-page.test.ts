import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import type { Actor } from "../../../domain/permissions/actor";
import { createOf, createOrganisationWithUser, createReferentiel } from "../of-dossiers/fixtures";
import { listNotifications, notifyUsers } from "../../../domain/notifications/notifications.service";

/** The notifications page rendered by the real Remix build on a real database: texts, exact links, read state. */
let t: TestDatabase;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;

beforeAll(async () => {
  t = await createTestDatabase();
  await createReferentiel(t.db);
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  handle = createRequestHandler(build, "production");
});
afterAll(async () => {
  await t?.close();
});

const mailer = { send: async () => {}, listLocal: async () => [] };

async function request(actor: Actor, path: string, init: RequestInit = {}) {
  return handle(
    new Request(`http://localhost${path}`, { redirect: "manual", ...init }),
    testLoadContext({ db: t.db, actor, services: { mailer } }),
  );
}

describe("the notifications page", () => {
  it("links each notification to the exact place, marks it read when opened, and shows every kind in French", async () => {
    const of = await createOf(t.db);
    await notifyUsers(t.db, [of.userId], "examination.sent_back", {
      dossier_id: "d",
      indicators: [{ code: "1.1", reason: "x" }],
      message: null,
    });
    await notifyUsers(t.db, [of.userId], "message.posted", { code: "1.2", organisation: "OPCO", dossierId: "d", messageId: "77" });
    await notifyUsers(t.db, [of.userId], "indicator.reason", { code: "1.1" });
    const [reason, message, sentBack] = await listNotifications(t.db, of.userId);

    const before = await request(of.actor, "/notifications");
    expect(before.status).toBe(200);
    const html = await before.text();
    expect(html).not.toContain("notifications.kind");
    expect(html).toContain("Votre dossier vous est renvoyé : des indicateurs sont à compléter");
    expect(html).toContain("Aujourd&#x27;hui");
    expect(html).toContain("3 non lues");
    // Unread is in the link's text (its accessible name), and the link opens the notification.
    expect(html).toMatch(
      new RegExp(
        `<a href="/notifications/${message!.id}"[^>]*data-target="/organisme/dossier/indicateur/1.2#message-77"[^>]*>.*?Non lue.*?Nouveau message sur l.*?indicateur 1.2</a>`,
      ),
    );
    expect(html).toContain(`data-target="/organisme/dossier/indicateur/1.1"`);

    const opened = await request(of.actor, `/notifications/${message!.id}`);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe("/organisme/dossier/indicateur/1.2#message-77");
    const after = await listNotifications(t.db, of.userId);
    expect(after.map((n) => [n.id, n.read])).toEqual([
      [reason!.id, false],
      [message!.id, true],
      [sentBack!.id, false],
    ]);
    const page = await (await request(of.actor, "/notifications")).text();
    expect(page).toContain("2 non lues");
    expect(page).toMatch(new RegExp(`<li data-read="true"[^>]*><a href="/notifications/${message!.id}"`));

    // "Tout marquer comme lu".
    await request(of.actor, "/notifications", {
      method: "POST",
      body: new URLSearchParams({ id: "" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect((await listNotifications(t.db, of.userId)).every((n) => n.read)).toBe(true);
    expect(await (await request(of.actor, "/notifications")).text()).toContain("0 non lue");
  });

  it("sends a funder to the examination page's thread, and refuses someone else's notification", async () => {
    const funder = await createOrganisationWithUser(t.db, "funder", "funder_reviewer");
    const other = await createOf(t.db);
    await notifyUsers(t.db, [funder.userId], "mention", { code: "1.1", author: "Alice", dossierId: "dossier-1", messageId: "9" });
    const [mention] = await listNotifications(t.db, funder.userId);
    const opened = await request(funder.actor, `/notifications/${mention!.id}`);
    expect(opened.headers.get("location")).toBe("/financeur/examens/dossier-1#thread-1-1");
    expect((await request(other.actor, `/notifications/${mention!.id}`)).status).toBe(404);
    expect((await listNotifications(t.db, funder.userId))[0]!.read).toBe(true);
    expect((await request(other.actor, "/notifications/abc")).status).toBe(404);
  });
});
