import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import type { HttpClient } from "../../setup/http-client";
import { login, queryServerDatabase } from "../../resilience/support";
import { examinationPage, htmlText as pageText, queueDossiers } from "../live/helpers";

/** The page's text, without the empty comments React writes between adjacent text nodes. */
const htmlText = (html: string) => pageText(html.replace(/<!-- -->/g, ""));

/**
 * Who may decide and de-list (decision record 022), through the real portal with the demo data:
 * Rhône Formation Pro's dossier is examined by alice (Financeur A) with bruno as co-examiner;
 * chloe is a reviewer of Financeur B; Nord Avenir Formation is datadocké.
 */
describe("who may decide and de-list, through the portal", () => {
  let database: TestDatabase | undefined;
  let env: Record<string, string>;
  let server: RunningServer;
  let ids: { chloeId: string; aliceId: string; brunoId: string; nordOrganisationId: string; nordDossierId: string };
  let rhoneDossier: string;
  let alice: HttpClient;
  let bruno: HttpClient;
  let chloe: HttpClient;
  let adminA: HttpClient;

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    env = database.url ? { DATABASE_URL: database.url } : {};
    const started = await startServer({ env });
    const read = await queryServerDatabase(started, database, env, async (db) => {
      const chloeRow = await db.selectFrom("users").select("id").where("email", "=", "chloe@financeur-b.demo").executeTakeFirstOrThrow();
      const nord = await db.selectFrom("organisations").select("id").where("name", "=", "Nord Avenir Formation").executeTakeFirstOrThrow();
      const dossier = await db.selectFrom("dossiers").select("id").where("organisation_id", "=", nord.id).executeTakeFirstOrThrow();
      const userId = async (email: string) =>
        (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
      return {
        chloeId: chloeRow.id,
        aliceId: await userId("alice@financeur-a.demo"),
        brunoId: await userId("bruno@financeur-a.demo"),
        nordOrganisationId: nord.id,
        nordDossierId: dossier.id,
      };
    });
    server = read.server;
    ids = read.result;
    [alice, bruno, chloe, adminA] = await Promise.all([
      login(server.url, "alice@financeur-a.demo"),
      login(server.url, "bruno@financeur-a.demo"),
      login(server.url, "chloe@financeur-b.demo"),
      login(server.url, "admin@financeur-a.demo"),
    ]);
    const rhone = [...(await queueDossiers(alice))].find(([name]) => name.startsWith("Rhône"))?.[1];
    if (!rhone) throw new Error("the demo dossier of Rhône Formation Pro is not in alice's queue");
    rhoneDossier = rhone;
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  /** An undecided indicator of the Rhône dossier, read from the examiner's page. */
  async function undecided(): Promise<{ code: string; id: string; expectedVersion: string }> {
    const { indicators } = await examinationPage(alice, rhoneDossier);
    const found = [...indicators].find(([, v]) => v.expectedVersion === "");
    if (!found) throw new Error("no undecided indicator left on the Rhône dossier");
    return { code: found[0], ...found[1] };
  }

  const decide = (client: HttpClient, indicator: { id: string; expectedVersion: string }) =>
    client.postForm(`/financeur/examens/${rhoneDossier}`, {
      intent: "decide",
      indicatorId: indicator.id,
      decision: "a_completer",
      reason: "Joindre le programme détaillé",
      expectedVersion: indicator.expectedVersion,
    });

  async function expectRefused(response: Response, message: RegExp) {
    const text = htmlText(await response.text());
    expect(response.status).toBe(403);
    expect(text).toContain("Accès refusé");
    expect(text).toMatch(message);
  }

  it("a reviewer of funder B cannot decide nor close on funder A's examination; nothing is stored", async () => {
    const target = await undecided();
    await expectRefused(await decide(chloe, target), /Seuls l'examinateur qui a pris ce dossier et les co-examinateurs/);
    // Alice's own funder admin is not the examiner either.
    await expectRefused(await decide(adminA, target), /Seuls l'examinateur/);
    const close = await chloe.postForm(`/financeur/examens/${rhoneDossier}`, {
      intent: "close",
      outcome: "send_back",
      message: "x",
      dossierVersion: "0",
    });
    await expectRefused(close, /Seuls l'examinateur/);
    // Still undecided for the examiner.
    expect((await examinationPage(alice, rhoneDossier)).indicators.get(target.code)!.expectedVersion).toBe("");
    // Chloe's page shows no decision form and says why.
    const page = htmlText(await (await chloe.get(`/financeur/examens/${rhoneDossier}`)).text());
    expect(page).toContain("seuls l'examinateur et ses co-examinateurs décident et clôturent");
    expect(page).not.toContain("Enregistrer la décision");
  });

  it("the co-examiner the examiner adds decides; only the examiner adds and removes", async () => {
    // The seeded co-examiner decides.
    const first = await undecided();
    // A decision redirects back to the room on that indicator (post/redirect/get).
    expect((await decide(bruno, first)).status).toBe(302);
    expect((await examinationPage(alice, rhoneDossier)).indicators.get(first.code)!.expectedVersion).toBe("1");

    // A co-examiner cannot add others; nor can chloe add herself.
    const addChloe = { intent: "co-examiner-add", userId: ids.chloeId };
    await expectRefused(
      await bruno.postForm(`/financeur/examens/${rhoneDossier}`, addChloe),
      /Seul l'examinateur qui a pris ce dossier ajoute/,
    );
    await expectRefused(await chloe.postForm(`/financeur/examens/${rhoneDossier}`, addChloe), /Seul l'examinateur/);

    // Alice adds chloe (Financeur B) from the examination page; the page lists her.
    const alicePage = await (await alice.get(`/financeur/examens/${rhoneDossier}`)).text();
    expect(alicePage).toContain(`<option value="${ids.chloeId}">Chloé Bernard (Financeur B`);
    // The picker offers neither the examiner nor a co-examiner already there, and each member once.
    const picker = /<select id="co-examiner-user"[\s\S]*?<\/select>/.exec(alicePage)![0];
    expect(picker).not.toContain(ids.aliceId);
    expect(picker).not.toContain(ids.brunoId);
    const offered = [...picker.matchAll(/<option value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(offered.length).toBeGreaterThan(0);
    expect(new Set(offered).size).toBe(offered.length);
    expect((await alice.postForm(`/financeur/examens/${rhoneDossier}`, addChloe)).status).toBe(200);
    const listed = htmlText(await (await chloe.get(`/financeur/examens/${rhoneDossier}`)).text());
    expect(listed).toMatch(/Co-examinateurs.*Bruno Lefèvre.*Chloé Bernard \(Financeur B \(Région démo\)\) · ajouté par Alice Martin/);
    expect(listed).toContain("Enregistrer la décision");

    const second = await undecided();
    expect((await decide(chloe, second)).status).toBe(302);
    const after = await (await alice.get(`/financeur/examens/${rhoneDossier}?indicateur=${second.code}`)).text();
    expect(htmlText(after)).toContain("Décidé par Chloé Bernard");

    // Removed, chloe decides no more.
    expect((await alice.postForm(`/financeur/examens/${rhoneDossier}`, { intent: "co-examiner-remove", userId: ids.chloeId })).status).toBe(
      200,
    );
    await expectRefused(await decide(chloe, await undecided()), /Seuls l'examinateur/);
  });

  it("de-listing: a reviewer is refused, an admin needs a written reason, then it is recorded and the OF is told why", async () => {
    const space = `/financeur/organismes/${ids.nordOrganisationId}`;
    const reason = "Fraude avérée lors du contrôle sur place du 12 novembre";

    // Bruno (reviewer) sees no de-listing form and is refused if he posts anyway.
    expect(htmlText(await (await bruno.get(space)).text())).toContain("Seul un administrateur d'un financeur peut déréférencer");
    await expectRefused(
      await bruno.postForm(space, { intent: "dereference", dossierId: ids.nordDossierId, reason }),
      /Seul un administrateur d'un financeur/,
    );

    // The admin without a reason: a French field error next to the reason, nothing done.
    const empty = await adminA.postForm(space, { intent: "dereference", dossierId: ids.nordDossierId, reason: "   " });
    expect(empty.status).toBe(200);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toMatch(/<p class="field__error" id="deref-reason-error">Indiquez par écrit le motif du déréférencement/);
    expect(emptyHtml).toContain('aria-invalid="true"');
    expect(htmlText(emptyHtml)).not.toContain("Déréférencements");

    // With a reason: recorded (who, for which funder, when, why) and shown in the funders' space.
    const done = await adminA.postForm(space, { intent: "dereference", dossierId: ids.nordDossierId, reason });
    expect(done.status).toBe(200);
    const spaceText = htmlText(await (await chloe.get(space)).text());
    expect(spaceText).toMatch(
      new RegExp(
        `Déréférencements Le \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}, par Agnès Administratrice \\(Financeur A \\(OPCO démo\\)\\) — motif : ${reason}`,
      ),
    );
    expect(spaceText).toContain("Déréférencé");

    // The OF is told why: its notification and its mail carry the reason.
    const nord = await login(server.url, "contact@of-nord.demo");
    const notifications = htmlText(await (await nord.get("/notifications")).text());
    expect(notifications).toContain(`Votre organisme a été déréférencé de Datadock. Motif : ${reason}`);
    const mailDir = join(server.dataDir, "mail");
    const mails = await Promise.all(
      (await readdir(mailDir)).map(async (n) => JSON.parse(await readFile(join(mailDir, n), "utf8")) as { to: string; text: string }),
    );
    expect(mails.filter((m) => m.to === "contact@of-nord.demo" && m.text.includes(`Motif : ${reason}`))).toHaveLength(1);

    // One record only: bruno's refused attempt and the empty one left nothing.
    const read = await queryServerDatabase(server, database, env, (db) =>
      db
        .selectFrom("de_listings")
        .innerJoin("users", "users.id", "de_listings.decided_by")
        .select(["users.email", "de_listings.reason"])
        .execute(),
    );
    server = read.server;
    expect(read.result).toEqual([{ email: "admin@financeur-a.demo", reason }]);
  });
});
