import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { startServer, type RunningServer } from "../../setup/server-process";
import { createClient } from "../../setup/http-client";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";

const DEMO_PASSWORD = "datadock-demo";

/** Flash toasts ride a signed cookie (never the URL); error pages are French HTML with a way back. */
describe("flash toasts and error pages", () => {
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

  async function loggedIn(email: string) {
    const client = createClient(server.url);
    expect((await client.postForm("/login", { email, password: DEMO_PASSWORD })).status).toBe(302);
    return client;
  }

  it("answers an unknown file with the French 404 page, signed in or not", async () => {
    const of = await loggedIn("contact@of-exemple.demo");
    for (const path of [`/fichiers/${randomUUID()}`, "/fichiers/pas-un-uuid"]) {
      const response = await of.get(path);
      const html = await response.text();
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type") ?? "").toContain("text/html");
      expect(html).not.toContain("Unexpected Server Error");
      expect(html).toContain("Page introuvable");
      expect(html).toContain('href="/"');
    }
    // Signed out: the login page first (a redirect), never JSON.
    const anonymous = await createClient(server.url).get(`/fichiers/${randomUUID()}`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location") ?? "").toContain("/login");
  });

  it("answers any unknown URL with the French 404 page and a way back", async () => {
    const response = await fetch(`${server.url}/nulle-part/ici`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("Page introuvable");
    expect(html).toContain("Retour à l&#x27;accueil");
    expect(html).toContain("data-back-link");
  });

  it("carries a saved-profile toast in a signed cookie to the next page only, never in the URL", async () => {
    const of = await loggedIn("contact@of-exemple.demo");
    const form = await (await of.get("/organisme/profil")).text();
    const fields = Object.fromEntries(
      [...form.matchAll(/<input\b[^>]*>/g)].flatMap(([tag]) => {
        const name = /\bname="([^"]+)"/.exec(tag)?.[1];
        const value = /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? "";
        return name
          ? [
              [
                name,
                value
                  .replace(/&amp;/g, "&")
                  .replace(/&#x27;/g, "'")
                  .replace(/&quot;/g, '"'),
              ],
            ]
          : [];
      }),
    );
    expect(fields.name).toBeTruthy();
    const saved = await of.postForm("/organisme/profil", fields);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/organisme/profil");
    const flash = of.lastSetCookie.find((line) => line.startsWith("dd_flash="));
    expect(flash).toMatch(/HttpOnly/);
    // Signed: the value is base64 JSON plus a signature, never readable message text in the URL.
    expect(saved.headers.get("location")).not.toContain("profile");

    const next = await of.get("/organisme/profil");
    expect(next.status).toBe(200);
    const html = await next.text();
    expect(html).toMatch(/"messageKey","profile\.(saved|unchanged)"|profile\.(saved|unchanged)/);
    // Read once: the root loader cleared it.
    expect(of.lastSetCookie.some((line) => /^dd_flash=;/.test(line) && /Expires=Thu, 01 Jan 1970/.test(line))).toBe(true);
    of.cookies.delete("dd_flash");
    const after = await (await of.get("/organisme/profil")).text();
    expect(after).not.toMatch(/profile\.(saved|unchanged)/);
  });

  it("ignores a tampered flash cookie", async () => {
    const of = await loggedIn("contact@of-exemple.demo");
    const forged = Buffer.from(JSON.stringify({ id: "x", kind: "success", messageKey: "profile.saved" })).toString("base64");
    const response = await of.get("/organisme/profil", { cookie: `${of.cookieHeader()}; dd_flash=${encodeURIComponent(forged)}` });
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain("profile.saved");
  });
});
