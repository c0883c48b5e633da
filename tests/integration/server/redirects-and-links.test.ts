import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createDiskFileStore } from "../../../domain/files/disk-file-store";
import type { Actor } from "../../../domain/permissions/actor";
import { translate } from "../../../domain/i18n/translate";
import { createMember, PASSWORD } from "../accounts/support";
import { createOf, createReferentiel } from "../of-dossiers/fixtures";
import { samples } from "../of-dossiers/sample-files";

/**
 * Redirect targets and messages that come from a URL, through the real Remix build (npm run build
 * first): the login's redirectTo never leaves the site nor breaks the Location header, and the
 * indicator page's upload alert shows catalogue messages only.
 */
const ORIGIN = "http://localhost";
let t: TestDatabase;
let dir: string;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
let ipSequence = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  await createReferentiel(t.db);
  dir = mkdtempSync(join(tmpdir(), "datadock-links-"));
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  handle = createRequestHandler(build, "production");
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

function contextFor(actor: Actor | null): AppLoadContext {
  return {
    services: {
      db: t.db,
      files: createDiskFileStore(join(dir, "files")),
      mailer: { send: async () => {}, listLocal: async () => [] },
      config: { publicUrl: ORIGIN, secureCookies: false, devMailbox: false, uploadMaxBytes: 1024 * 1024, cookieSecret: "x".repeat(32) },
      live: { userAccessChanged: () => {} },
      pingDatabase: async () => {},
    },
    session: actor ? { sessionId: "s", expiresAt: new Date(Date.now() + 3_600_000), renewed: false, emailVerified: true, actor } : null,
    cspNonce: "n",
    // A fresh address per request: the login throttle is not what these tests look at.
    clientIp: `10.9.0.${++ipSequence}`,
  } as unknown as AppLoadContext;
}

/** Where a browser would go with this Location header (it drops tabs and newlines, reads "\" as "/"). */
function browserTarget(location: string): URL {
  return new URL(location.replace(/[\t\n\r]/g, "").replace(/\\/g, "/"), `${ORIGIN}/login`);
}

const ATTACKS = [
  "/\t/evil.example",
  "/\n/evil.example",
  "//evil.example",
  "/\\evil.example",
  "https://evil.example/",
  "/%2F/evil.example",
  "/\r\nSet-Cookie: session=stolen",
  "/organisme\r\nLocation: https://evil.example",
  "/\u0000",
];

describe("login redirectTo", () => {
  it("after logging in, ends on a page of the site whatever redirectTo says, and never answers 500", async () => {
    const member = await createMember(t.db, "of_admin");
    for (const redirectTo of ATTACKS) {
      const body = new URLSearchParams({ email: member.email, password: PASSWORD, redirectTo });
      const response = await handle(
        new Request(`${ORIGIN}/login`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }),
        contextFor(null),
      );
      expect(response.status, JSON.stringify(redirectTo)).toBe(302);
      const location = response.headers.get("location") ?? "";
      expect(browserTarget(location).origin, JSON.stringify(redirectTo)).toBe(ORIGIN);
      expect(location).toBe("/organisme");
      expect(response.headers.getSetCookie().join("\n")).not.toContain("stolen");
    }
  });

  it("the query string form (?redirectTo=/%09/evil.example) is refused too, logged in or not", async () => {
    const member = await createMember(t.db, "funder_reviewer");
    for (const encoded of ["/%09/evil.example", "/%0D%0ASet-Cookie:%20x=1", "%2F%2Fevil.example", "/%5Cevil.example"]) {
      const loggedIn = await handle(new Request(`${ORIGIN}/login?redirectTo=${encoded}`), contextFor(member.actor));
      expect(loggedIn.status, encoded).toBe(302);
      expect(loggedIn.headers.get("location"), encoded).toBe("/financeur");
      const form = await handle(new Request(`${ORIGIN}/login?redirectTo=${encoded}`), contextFor(null));
      expect(form.status, encoded).toBe(200);
      // The login form does not carry the refused target on.
      expect(await form.text()).toMatch(/name="redirectTo" value=""/);
    }
  });

  it("still brings the user back to the page of the site they came from", async () => {
    const member = await createMember(t.db, "of_admin");
    const body = new URLSearchParams({
      email: member.email,
      password: PASSWORD,
      redirectTo: "/organisme/dossier/indicateur/1.1?onglet=preuves",
    });
    const response = await handle(
      new Request(`${ORIGIN}/login`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }),
      contextFor(null),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/organisme/dossier/indicateur/1.1?onglet=preuves");
  });
});

describe("upload errors in the indicator page's URL", () => {
  /** The page as a reader sees it: its text, without scripts and attributes (the URL is echoed in form actions). */
  async function indicatorPage(actor: Actor, query: string) {
    const response = await handle(new Request(`${ORIGIN}/organisme/dossier/indicateur/1.1${query}`), contextFor(actor));
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = html
      .replace(/<script[\s\S]*?<\/script>/g, "")
      .replace(/<[^>]*>/g, " ")
      .replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
    return { html, text, alerts: html.match(/role="alert"/g)?.length ?? 0 }; // error alerts (ui/alert: tone "error")
  }

  it("a refused plain-form upload redirects with a message key, and the page shows the catalogue's message", async () => {
    const of = await createOf(t.db);
    const form = new FormData();
    form.append("code", "1.1");
    form.append("file", new File([new Uint8Array(samples.exe)], "programme.pdf"));
    const response = await handle(
      new Request(`${ORIGIN}/organisme/dossier/televersement`, { method: "POST", body: form }),
      contextFor(of.actor),
    );
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toBe("/organisme/dossier/indicateur/1.1?erreur=upload.typeRefused");
    const { text, alerts } = await indicatorPage(of.actor, location.slice(location.indexOf("?")));
    expect(alerts).toBe(1);
    expect(text).toContain(translate("indicatorPage.uploadFailed", { message: translate("upload.typeRefused") }));
  });

  it("fills the size limit from the configuration, not from the URL", async () => {
    const of = await createOf(t.db);
    const { text } = await indicatorPage(of.actor, "?erreur=upload.tooLarge&max=999999");
    expect(text).toContain(translate("upload.tooLarge", { max: "1" }));
    expect(text).not.toContain("999999");
  });

  it("a crafted ?erreur= with text of its own shows nothing", async () => {
    const of = await createOf(t.db);
    for (const crafted of [
      "texte-arbitraire",
      "Votre compte est suspendu, appelez le 0899 00 00 00",
      "upload.inconnu",
      "__proto__",
      "constructor",
    ]) {
      const { text, alerts } = await indicatorPage(of.actor, `?erreur=${encodeURIComponent(crafted)}`);
      expect(alerts, crafted).toBe(0);
      expect(text, crafted).not.toContain(crafted);
    }
  });
});
