import { createServer, request, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createHttpApp } from "../../../server/http/http-app";
import { createFileMailer } from "../../../server/mail/file-mailer";
import { createLogger } from "../../../server/logger";
import { createDiskFileStore } from "../../../domain/files/disk-file-store";
import type { AppServices } from "../../../domain/context";

/**
 * The demo mailbox answers only when the TCP peer is this machine (decision 020): the socket's address
 * decides, never a forwarded header. The real HTTP app and Remix build, served at once on loopback TCP
 * and on a Unix socket — what a reverse proxy on the same host would use to relay visitors from anywhere.
 */
let t: TestDatabase;
let dir: string;
let tcp: Server;
let unix: Server;
let tcpUrl: string;
let socketPath: string;
const SUBJECT = "Réinitialisez votre mot de passe";

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "datadock-mailbox-"));
  socketPath = join(dir, "proxy.sock");
  const logger = createLogger("silent");
  const mailer = createFileMailer(join(dir, "mail"), logger);
  await mailer.send({ to: "alice@financeur-a.demo", subject: SUBJECT, text: "http://localhost/mot-de-passe/secret-token" });
  const services: AppServices = {
    db: t.db,
    mailer,
    files: createDiskFileStore(join(dir, "files")),
    config: {
      publicUrl: "http://localhost",
      secureCookies: false,
      mode: "demo",
      devMailbox: true,
      uploadMaxBytes: 1024,
      cookieSecret: "x".repeat(32),
    },
    live: { userAccessChanged: () => {} },
    pingDatabase: async () => {},
  };
  const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  const app = createHttpApp({
    services,
    logger,
    dev: false,
    getBuild: async () => build,
    publicDir: resolve("public"),
    assetsDir: resolve("public/build"),
  });
  tcp = createServer(app);
  unix = createServer(app);
  await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => unix.listen(socketPath, r));
  const address = tcp.address();
  tcpUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((r) => tcp?.close(r));
  await new Promise((r) => unix?.close(r));
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** GET over the Unix socket: the peer has no loopback address, whatever the headers claim. */
function getOverUnixSocket(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolveResponse, reject) => {
    const req = request({ socketPath, path, headers: { host: "localhost", ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolveResponse({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("demo mailbox access", () => {
  it("lists the mail and links the mailbox for a visitor on loopback", async () => {
    const mailbox = await fetch(`${tcpUrl}/dev/mail`);
    expect(mailbox.status).toBe(200);
    expect(await mailbox.text()).toContain(SUBJECT);
    expect(await (await fetch(`${tcpUrl}/login`)).text()).toContain('href="/dev/mail"');
  });

  it("is a French 404, unlinked, for a relayed visitor even when X-Forwarded-For claims loopback", async () => {
    const spoofed = { "x-forwarded-for": "127.0.0.1", "x-real-ip": "127.0.0.1", forwarded: "for=127.0.0.1" };
    const mailbox = await getOverUnixSocket("/dev/mail", spoofed);
    expect(mailbox.status).toBe(404);
    expect(mailbox.body).toContain("Page introuvable");
    expect(mailbox.body).not.toContain(SUBJECT);
    expect(mailbox.body).not.toContain("secret-token");

    const login = await getOverUnixSocket("/login", spoofed);
    expect(login.status).toBe(200);
    expect(login.body).toContain("Mode démonstration"); // still the demo, only the mailbox is closed
    expect(login.body).not.toContain("/dev/mail");
  });
});
