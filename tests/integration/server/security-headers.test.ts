import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort, startServer, type RunningServer } from "../../setup/server-process";
import { createClient, type HttpClient } from "../../setup/http-client";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { samples } from "../of-dossiers/sample-files";

const DEMO_PASSWORD = "datadock-demo";

/**
 * The real server, built app, as deployed behind a TLS proxy on the same machine: PUBLIC_URL is
 * https, the proxy (loopback, trusted) says `X-Forwarded-Proto: https`. Every kind of response must
 * carry the security headers; Strict-Transport-Security only when the request came over https.
 */
describe("security headers on every response", () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;
  let publicOrigin: string;
  let of: HttpClient;
  let fileId: string;
  let assets: string[];

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    const port = await findFreePort();
    publicOrigin = `https://localhost:${port}`;
    server = await startServer({ port, env: { PUBLIC_URL: publicOrigin, ...(database.url ? { DATABASE_URL: database.url } : {}) } });

    of = createClient(server.url);
    // Same-host origin (the origin check accepts it, and Remix wants Origin to match Host).
    const login = await of.postForm("/login", { email: "contact@of-exemple.demo", password: DEMO_PASSWORD });
    expect(login.status).toBe(302);
    const uploaded = await upload(of, "programme.pdf", samples.pdf);
    expect(uploaded.status).toBe(200);
    const page = await (await of.get("/organisme/dossier/indicateur/1.1")).text();
    fileId = /\/fichiers\/([0-9a-f-]{36})/.exec(page)?.[1] ?? "";
    expect(fileId).not.toBe("");

    const html = await (await fetch(`${server.url}/login`)).text();
    const linked = [...html.matchAll(/"(\/build\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? "");
    const manifest = linked.find((a) => /^\/build\/manifest-[^/]+\.js$/.test(a));
    const script = linked.find((a) => a.endsWith(".js") && a !== manifest);
    const stylesheet = linked.find((a) => a.endsWith(".css"));
    expect([manifest, script, stylesheet]).not.toContain(undefined);
    assets = [manifest!, script!, stylesheet!];
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  function upload(client: HttpClient, name: string, bytes: Buffer): Promise<Response> {
    const form = new FormData();
    form.append("code", "1.1");
    form.append("file", new File([new Uint8Array(bytes)], name));
    return client.request("/organisme/dossier/televersement", {
      method: "POST",
      body: form,
      headers: { origin: server.url, accept: "application/json" },
    });
  }

  /** One request of each kind the server answers, with the status each must get. */
  function requestsOfEveryKind(): { label: string; send: (headers: Record<string, string>) => Promise<Response>; status: number }[] {
    const anonymous = createClient(server.url);
    const get = (client: HttpClient, path: string) => (headers: Record<string, string>) => client.get(path, headers);
    return [
      { label: "a public page", send: get(anonymous, "/login"), status: 200 },
      { label: "a signed-in page", send: get(of, "/organisme"), status: 200 },
      { label: "a redirect to login", send: get(anonymous, "/coordination"), status: 302 },
      { label: "a role refusal page", send: get(of, "/coordination"), status: 403 },
      ...assets.map((asset) => ({ label: `the asset ${asset}`, send: get(anonymous, asset), status: 200 })),
      { label: "a missing asset", send: get(anonymous, "/build/nulle-part.js"), status: 404 },
      { label: "/favicon.svg", send: get(anonymous, "/favicon.svg"), status: 200 },
      { label: "/healthz", send: get(anonymous, "/healthz"), status: 200 },
      { label: "/readyz", send: get(anonymous, "/readyz"), status: 200 },
      { label: "an API 404", send: get(anonymous, "/api/v1/nulle-part"), status: 404 },
      { label: "an API call without key", send: get(anonymous, "/api/v1/organisations"), status: 401 },
      { label: "the 404 page", send: get(anonymous, "/nulle-part"), status: 404 },
      { label: "a file download", send: get(of, `/fichiers/${fileId}`), status: 200 },
      { label: "a file shown inline", send: get(of, `/fichiers/${fileId}?inline=1`), status: 200 },
      {
        label: "a foreign-origin refusal",
        send: (headers) =>
          anonymous.postForm("/login", { email: "x@y.fr", password: "z" }, { origin: "https://attaquant.example", headers }),
        status: 403,
      },
    ];
  }

  function expectSecurityHeaders(label: string, response: Response) {
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp, label).toContain("default-src 'self'");
    expect(csp, label).toContain("frame-ancestors 'self'");
    expect(csp, label).toContain("object-src 'none'");
    expect(response.headers.get("x-content-type-options"), label).toBe("nosniff");
    expect(response.headers.get("x-frame-options"), label).toBe("SAMEORIGIN");
    expect(response.headers.get("referrer-policy"), label).toBe("same-origin");
    expect(response.headers.get("cross-origin-opener-policy"), label).toBe("same-origin");
  }

  it("sends CSP, nosniff, frame and referrer policies on every kind of response, and no HSTS over plain http", async () => {
    const kinds = requestsOfEveryKind();
    expect(kinds.length).toBeGreaterThanOrEqual(16);
    for (const { label, send, status } of kinds) {
      const response = await send({});
      await response.arrayBuffer();
      expect(response.status, label).toBe(status);
      expectSecurityHeaders(label, response);
      expect(response.headers.get("strict-transport-security"), label).toBeNull();
    }
  });

  it("adds HSTS on every kind of response when the trusted proxy says the request came over https", async () => {
    for (const { label, send } of requestsOfEveryKind()) {
      const response = await send({ "x-forwarded-proto": "https" });
      await response.arrayBuffer();
      expectSecurityHeaders(label, response);
      expect(response.headers.get("strict-transport-security"), label).toBe("max-age=31536000; includeSubDomains");
    }
  });

  it("refuses a .docm with a VBA project renamed .docx through the real upload route", async () => {
    const response = await upload(of, "rapport.docx", samples.docmWithVbaProject);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain("ce type de fichier n'est pas accepté");
    expectSecurityHeaders("upload refusal", response);
  });
});
