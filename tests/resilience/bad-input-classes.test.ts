import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import type { HttpClient } from "../setup/http-client";
import type { Database } from "../../db/schema";
import { login, queryServerDatabase } from "./support";

/**
 * The malformed inputs of issue 10 that answered 500 (PostgreSQL errors): each now gets a clear French
 * message (the form's own error, the French 400/404 page, or problem+json in the API) and stores nothing.
 */
const decode = (html: string) =>
  html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

async function counts(db: Kysely<Database>) {
  const count = async (table: string) =>
    Number(
      (
        await (db as unknown as Kysely<Record<string, { id: string }>>)
          .selectFrom(table)
          .select(({ fn }) => fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { messages: await count("messages"), correctiveActions: await count("corrective_actions") };
}

describe("issue 10 bad inputs: a French 4xx, never a 500, nothing stored", () => {
  let database: TestDatabase | undefined;
  let env: Record<string, string>;
  let server: RunningServer;
  let before: Awaited<ReturnType<typeof counts>>;
  let of: HttpClient;
  let alice: HttpClient;
  let code = "1.1";

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    env = database.url ? { DATABASE_URL: database.url } : {};
    const read = await queryServerDatabase(await startServer({ env }), database, env, counts);
    server = read.server;
    before = read.result;
    of = await login(server.url, "contact@of-exemple.demo");
    alice = await login(server.url, "alice@financeur-a.demo");
    code = /\/organisme\/dossier\/indicateur\/([0-9.]+)/.exec(await (await of.get("/organisme/dossier")).text())?.[1] ?? code;
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  it("a NUL byte in a thread message or a corrective action is the form's French error", async () => {
    const page = `/organisme/dossier/indicateur/${code}`;
    // The thread panel posts with a fetcher and shows the reply's field error (a catalogue key).
    const message = await of.postForm(page, { intent: "message", body: "Bonjour\u0000 le financeur" });
    expect(message.status).toBe(400);
    expect(await message.text()).toContain("validation.text.controlCharacters");
    const action = await of.postForm(page, { intent: "corrective-add", what: "Plan\u0000", who: "Moi", dueOn: "2027-01-31" });
    expect(action.status).toBe(400);
    expect(decode(await action.text())).toContain("caractère interdit");
  });

  it("an impossible or out-of-range due date is refused in French", async () => {
    const page = `/organisme/dossier/indicateur/${code}`;
    for (const dueOn of ["2026-02-30", "0000-01-01", "10000-01-01"]) {
      const response = await of.postForm(page, { intent: "corrective-add", what: "Plan", who: "Moi", dueOn });
      expect(response.status, dueOn).toBe(400);
      expect(decode(await response.text()), dueOn).toContain("Saisissez une date valide");
    }
  });

  it("ids that are not UUIDs never reach a query: the French 404", async () => {
    const page = `/organisme/dossier/indicateur/${code}`;
    const forged: Record<string, string>[] = [
      { intent: "remove-evidence", evidenceId: "abc" },
      { intent: "corrective-status", actionId: "abc", status: "en_cours" },
    ];
    for (const fields of forged) {
      const response = await of.postForm(page, fields);
      expect(response.status, fields.intent).toBe(404);
      expect(await response.text()).toContain("Page introuvable");
    }
    const file = await alice.get(`/fichiers/${"-".repeat(36)}`);
    expect(file.status).toBe(404);
    await file.arrayBuffer();
    const notification = await of.postForm("/notifications", { id: "99999999999999999999" });
    expect(notification.status).toBeLessThan(500);
    await notification.arrayBuffer();
  });

  it("filters: out-of-range dates, NUL in a region, overflowing pages give the French 400 page", async () => {
    const cases: [string, RegExp][] = [
      ["/financeur/rapports?du=0000-01-01", /date valide entre 1900 et 2999/],
      ["/financeur/rapports?au=10000-01-01", /date valide entre 1900 et 2999/],
      ["/financeur/rapports?region=%00", /caractère interdit/],
      ["/financeur/examens?region=%00", /caractère interdit/],
      ["/financeur/examens?page=1e20", /numéro de page n'est pas valide/],
      ["/financeur/examens?page=Infinity", /numéro de page n'est pas valide/],
    ];
    for (const [path, message] of cases) {
      const response = await alice.get(path);
      const html = decode(await response.text());
      expect(response.status, path).toBe(400);
      expect(html, path).toContain("Saisie invalide");
      expect(html, path).toMatch(message);
    }
  });

  it("nothing was stored", async () => {
    const read = await queryServerDatabase(server, database, env, counts);
    server = read.server;
    expect(read.result).toEqual(before);
  });
});
