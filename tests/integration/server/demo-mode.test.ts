import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_ENTRY, startServer, type RunningServer } from "../../setup/server-process";
import { createClient } from "../../setup/http-client";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { completeSiret } from "../../../domain/organisations/identifiers";

const DEMO_PASSWORD = "datadock-demo";
const BANNER = "Mode démonstration";
/** Nothing listens there: production mail fails to send, which these tests do not need. */
const SMTP_URL = "smtp://127.0.0.1:9";

/** Runs the compiled server (`dist/server.js`) with exactly these variables and returns how it ended (it must not start). */
function startRefused(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), "datadock-refused-"));
  try {
    const result = spawnSync(process.execPath, [...SERVER_ENTRY], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "warn", ...env } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: result.status, stderr: result.stderr };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function uniqueSiret(): string {
  return completeSiret(String(Date.now()).slice(-9) + String(Math.floor(Math.random() * 10_000)).padStart(4, "0"));
}

describe("production mode (DATADOCK_MODE=production)", () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({
      env: { DATADOCK_MODE: "production", SMTP_URL, ...(database.url ? { DATABASE_URL: database.url } : {}) },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  it("has no web mailbox: /dev/mail is the French 404", async () => {
    const response = await fetch(`${server.url}/dev/mail`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("Page introuvable");
    expect(html).not.toContain("Boîte mail");
  });

  it("seeds no demo account on its empty database", async () => {
    expect(server.logs()).not.toContain("seeding demo data");
    for (const email of ["coordination@datadock.demo", "admin@financeur-a.demo", "contact@of-exemple.demo"]) {
      const client = createClient(server.url);
      const login = await client.postForm("/login", { email, password: DEMO_PASSWORD });
      expect(login.status, email).not.toBe(302);
      expect(client.cookies.get("dd_session") ?? "", email).toBe("");
    }
  });

  it("links to no mailbox and shows no demo banner, not even after a sign-up", async () => {
    for (const path of ["/", "/login", "/inscription", "/nulle-part"]) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      expect(html, path).not.toContain("/dev/mail");
      expect(html, path).not.toContain(BANNER);
    }
    const client = createClient(server.url);
    const signup = await client.postForm("/inscription", {
      email: `prod-${Date.now()}@exemple.fr`,
      password: "un mot de passe assez long",
      fullName: "Camille Martin",
      organisationName: "Formations du Littoral",
      siret: uniqueSiret(),
      nda: "93131234567",
    });
    expect(signup.status).toBe(200);
    const html = await signup.text();
    expect(html).toContain("Vérifiez votre boîte mail"); // the "done" page, whether or not the mail left
    expect(html).not.toContain("/dev/mail");
  });
});

describe("demo mode (DATADOCK_MODE=demo, as npm start runs it)", () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    // From an empty database, as `npm start` on a fresh machine: migrations and the demo seed run here.
    server = await startServer({
      preparedData: false,
      env: { DATADOCK_MODE: "demo", ...(database.url ? { DATABASE_URL: database.url } : {}) },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  it("shows the demo banner on every page, signed in or not, with the mailbox linked", async () => {
    for (const path of ["/", "/login", "/inscription", "/nulle-part"]) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      expect(html, path).toContain(BANNER);
      expect(html, path).toContain("aucune donnée réelle");
      expect(html, path).toContain('href="/dev/mail"');
    }
    const client = createClient(server.url);
    expect((await client.postForm("/login", { email: "alice@financeur-a.demo", password: DEMO_PASSWORD })).status).toBe(302);
    const home = await client.get("/financeur");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(BANNER);
  });

  it("opens the mailbox to this machine", async () => {
    const response = await fetch(`${server.url}/dev/mail`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Boîte mail de développement");
  });
});

describe("start-up refusals", () => {
  it("production (the default) refuses to start without SMTP_URL, saying what to set", () => {
    for (const env of [{}, { DATADOCK_MODE: "production" }] as Array<Record<string, string>>) {
      const result = startRefused(env);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("SMTP_URL=");
      expect(result.stderr).toContain("smtp(s)://");
      expect(result.stderr).toContain("DATADOCK_MODE=demo");
    }
  });

  it("production refuses SEED_DEMO=auto", () => {
    const result = startRefused({ DATADOCK_MODE: "production", SMTP_URL, SEED_DEMO: "auto" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("SEED_DEMO=");
  });

  it("demo mode refuses a non-loopback PUBLIC_URL or HOST, saying what to set", () => {
    const url = startRefused({ DATADOCK_MODE: "demo", PUBLIC_URL: "https://datadock.example.fr" });
    expect(url.status).toBe(1);
    expect(url.stderr).toContain('PUBLIC_URL="https://datadock.example.fr"');
    expect(url.stderr).toContain("DATADOCK_MODE=production");

    const host = startRefused({ DATADOCK_MODE: "demo", HOST: "0.0.0.0" });
    expect(host.status).toBe(1);
    expect(host.stderr).toContain('HOST="0.0.0.0"');
    expect(host.stderr).toContain("127.0.0.1");
  });
});
