import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { SERVER_ENTRY, startServer, type RunningServer } from "../../setup/server-process";
import { createClient } from "../../setup/http-client";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";

const DEMO_PASSWORD = "datadock-demo";

/** The real server process, on a fresh database with the demo data, as `npm start` runs it. */
describe("portal server", () => {
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

  it("answers /healthz and /readyz", async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("serves French pages with a CSP whose nonce is on every inline script", async () => {
    const response = await fetch(`${server.url}/login`);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain("'unsafe-inline' 'self'");
    const html = await response.text();
    expect(html).toContain('<html lang="fr"');
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? "");
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) {
      if (!/\ssrc=/.test(attributes)) expect(attributes).toContain(`nonce="${nonce}"`);
    }
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("sends no HSTS when PUBLIC_URL is http, whatever X-Forwarded-Proto says", async () => {
    const response = await fetch(`${server.url}/login`, { headers: { "x-forwarded-proto": "https" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("caches fingerprinted assets as immutable", async () => {
    const html = await (await fetch(`${server.url}/login`)).text();
    const asset = /(\/build\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const response = await fetch(`${server.url}${asset}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("immutable");
  });

  it("shows a French 404 page for an unknown path", async () => {
    const response = await fetch(`${server.url}/nulle-part`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Page introuvable");
  });

  it.each([
    ["coordination@datadock.demo", "/coordination"],
    ["admin@financeur-a.demo", "/financeur"],
    ["alice@financeur-a.demo", "/financeur"],
    ["bruno@financeur-a.demo", "/financeur"],
    ["chloe@financeur-b.demo", "/financeur"],
    ["contact@of-exemple.demo", "/organisme"],
  ])("logs %s in and lands on %s", async (email, home) => {
    const client = createClient(server.url);
    const login = await client.postForm("/login", { email, password: DEMO_PASSWORD });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe(home);
    const cookie = client.lastSetCookie.find((c) => c.startsWith("dd_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // PUBLIC_URL is http here
    const page = await client.get(home);
    expect(page.status).toBe(200);
    // Signed in: the account menu (name, organisation, role, logout) is in the header.
    expect(await page.text()).toContain("Mon compte");
  });

  it("refuses a wrong password with a French message and no session", async () => {
    const client = createClient(server.url);
    const response = await client.postForm("/login", { email: "alice@financeur-a.demo", password: "mauvais-mot-de-passe" });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(client.cookies.get("dd_session") ?? "").toBe("");
  });

  it("refuses a mutating request from a foreign origin", async () => {
    const client = createClient(server.url);
    const response = await client.postForm(
      "/login",
      { email: "alice@financeur-a.demo", password: DEMO_PASSWORD },
      { origin: "https://attaquant.example" },
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("autre site");
    expect(client.cookies.get("dd_session")).toBeUndefined();
  });

  it("answers the French 403, never a 500, when the Origin's host is not the host the request was addressed to", async () => {
    const client = createClient(server.url);
    const credentials = { email: "alice@financeur-a.demo", password: DEMO_PASSWORD };
    // Our own origin, but a proxy says the request was addressed to another host: Remix would abort with a 500.
    const forwarded = await client.postForm("/login", credentials, {
      origin: server.url,
      headers: { "x-forwarded-host": "autre.example" },
    });
    expect(forwarded.status).toBe(403);
    expect(await forwarded.text()).toContain("autre site");
    expect(client.cookies.get("dd_session")).toBeUndefined();
  });

  it("sends anonymous visitors to /login and other roles to a French 403", async () => {
    const anonymous = createClient(server.url);
    const redirect = await anonymous.get("/coordination");
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("/login?redirectTo=%2Fcoordination");

    const of = createClient(server.url);
    await of.postForm("/login", { email: "contact@of-exemple.demo", password: DEMO_PASSWORD });
    const forbidden = await of.get("/coordination");
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain("Accès refusé");
  });

  it("logs out: the session is revoked server-side, not only forgotten by the browser", async () => {
    const client = createClient(server.url);
    await client.postForm("/login", { email: "chloe@financeur-b.demo", password: DEMO_PASSWORD });
    const stolen = client.cookieHeader();
    const logout = await client.postForm("/logout", {});
    expect(logout.status).toBe(302);
    const replay = await fetch(`${server.url}/financeur`, { headers: { cookie: stolen }, redirect: "manual" });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toContain("/login");
  });
});

describe("server start-up", () => {
  it("stops with a message naming a bad variable", () => {
    const result = spawnSync(process.execPath, [...SERVER_ENTRY], {
      env: { PATH: process.env.PATH, PORT: "not-a-port", DATA_DIR: "/tmp/datadock-never-used" } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("PORT=");
    expect(result.stderr).toContain("port");
  });

  // Two starts, the first from an empty database (migrations and the demo seed): more than the default 30 s on a loaded machine.
  it("keeps its data across restarts and shuts down cleanly on SIGTERM", { timeout: 120_000 }, async () => {
    const database = await createTestDatabase();
    const env: Record<string, string> = { LOG_LEVEL: "info", ...(database.url ? { DATABASE_URL: database.url } : {}) };
    // From an empty database, as `npm start` on a fresh machine: the first start seeds, the second does not.
    const first = await startServer({ env, preparedData: false });
    expect(first.logs()).toContain("seeding demo data");
    const client = createClient(first.url);
    await client.postForm("/login", { email: "contact@of-exemple.demo", password: DEMO_PASSWORD });
    expect(await first.stop("SIGTERM")).toBe(0);
    expect(first.logs()).toContain("stopped");

    const second = await startServer({ env, dataDir: first.dataDir });
    try {
      expect(second.logs()).not.toContain("seeding demo data");
      const again = createClient(second.url);
      const login = await again.postForm("/login", { email: "contact@of-exemple.demo", password: DEMO_PASSWORD });
      expect(login.status).toBe(302);
    } finally {
      await second.stop();
      await database.close();
    }
  });
});
