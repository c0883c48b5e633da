import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../setup/server-process";
import { createClient } from "../../setup/http-client";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";

const DEMO_PASSWORD = "datadock-demo";
const OWNER = "contact@of-exemple.demo";

/**
 * Login throttling through the real server: the client address comes from the socket, or from
 * X-Forwarded-For when the peer is a trusted proxy (TRUST_PROXY, loopback by default). The test
 * client connects over loopback, so the header stands for two people at two addresses; the
 * addresses only ever appear in the header, no traffic goes to them.
 */
describe("login throttling over HTTP", () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    server = await startServer({ env: database.url ? { DATABASE_URL: database.url } : {} });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  const attempt = (address: string, password: string) =>
    createClient(server.url).postForm("/login", { email: OWNER, password }, { headers: { "x-forwarded-for": address } });

  it("slows down the guessing address with a French message, while the owner logs in from another address", async () => {
    const attacker = "203.0.113.7";
    for (let i = 0; i < 4; i++) expect((await attempt(attacker, "mauvais mot de passe")).status).toBe(401);
    // The fourth failure started a wait at the attacker's address: even the right password waits.
    const slowed = await attempt(attacker, DEMO_PASSWORD);
    expect(slowed.status).toBe(429);
    const html = await slowed.text();
    expect(html).toMatch(/Réessayez dans \d+ s, ou réinitialisez votre mot de passe/);

    const owner = await attempt("198.51.100.9", DEMO_PASSWORD);
    expect(owner.status).toBe(302);
    expect(owner.headers.get("location")).toBe("/organisme");
  });
});
