import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import { createClient } from "../setup/http-client";
import { DEMO_PASSWORD, login, sleep, waitFor } from "./support";

const UNAVAILABLE = "La base de données ne répond pas";

/**
 * A TCP proxy to PostgreSQL that the test can cut and restore. Cut = PostgreSQL gone: every open
 * connection dropped and the port closed, so new connections are refused (ECONNREFUSED).
 */
class CuttableProxy {
  private server: Server;
  private sockets = new Set<Socket>();
  private cut = false;
  /** Reset mode: PostgreSQL's host answers every connection with a TCP reset (ECONNRESET). */
  private resetting = false;
  port = 0;

  constructor(private target: { host: string; port: number }) {
    this.server = createServer((client) => {
      if (this.cut) return client.destroy();
      if (this.resetting) return client.resetAndDestroy();
      const upstream = new (client.constructor as typeof Socket)();
      upstream.connect(this.target.port, this.target.host);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
      client.pipe(upstream).pipe(client);
    });
  }

  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.port = (this.server.address() as { port: number }).port;
  }

  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = "127.0.0.1";
    url.port = String(this.port);
    return url.toString();
  }

  /** Drops every open connection and stops listening: new connections are refused. */
  async cutOff(): Promise<void> {
    this.cut = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  /** Resets every open connection (RST, not FIN) and every new one until `restore`. */
  resetAll(): void {
    this.resetting = true;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
  }

  /** Listens again on the same port (or stops resetting). */
  async restore(): Promise<void> {
    this.resetting = false;
    if (!this.cut) return;
    this.cut = false;
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    if (!this.cut) await this.cutOff();
  }
}

describe.skipIf(!process.env.DATABASE_URL)(
  "PostgreSQL unreachable (needs DATABASE_URL: the proxy sits in front of a real PostgreSQL)",
  () => {
    let database: TestDatabase;
    let proxy: CuttableProxy;
    let server: RunningServer;

    beforeAll(async () => {
      // An empty database the server seeds itself, through the proxy, as before decision 042.
      database = await createTestDatabase();
      const target = new URL(database.url!);
      proxy = new CuttableProxy({ host: target.hostname || "127.0.0.1", port: Number(target.port || 5432) });
      await proxy.listen();
      server = await startServer({ env: { DATABASE_URL: proxy.urlFor(database.url!) } });
    });
    afterAll(async () => {
      await server?.stop();
      await proxy?.close();
      await database?.close();
    });

    it("answers 503 with a reason and French pages, refuses writes, and recovers without a restart", async () => {
      const alice = await login(server.url, "alice@financeur-a.demo");
      expect((await alice.get("/financeur")).status).toBe(200);
      const sessionsBefore = (
        await database.db
          .selectFrom("sessions")
          .select(({ fn }) => fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;

      await proxy.cutOff();
      await sleep(300); // the pool notices its dropped clients

      // Liveness stays up; readiness says why it is not ready.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { status: string; reason: string };
      expect(body.status).toBe("unavailable");
      expect(body.reason).toMatch(/^database: /);

      // A signed-in page: the French "database does not answer" page, 503.
      const page = await alice.get("/financeur");
      expect(page.status).toBe(503);
      expect(await page.text()).toContain(UNAVAILABLE);

      // A write (sign-in creates a session) is refused, not half-done.
      const anonymous = createClient(server.url);
      const write = await anonymous.postForm("/login", { email: "bruno@financeur-a.demo", password: DEMO_PASSWORD });
      expect(write.status).toBeGreaterThanOrEqual(500);
      const writeBody = await write.text();
      expect(writeBody).toContain(UNAVAILABLE);
      expect(anonymous.cookies.get("dd_session")).toBeUndefined();

      // The process survived all of it.
      expect(server.proc.exitCode).toBeNull();
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      await proxy.restore();
      await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 200, "/readyz to answer 200 again");
      await waitFor(async () => (await alice.get("/financeur")).status === 200, "the signed-in page to work again");
      const bruno = await login(server.url, "bruno@financeur-a.demo");
      expect((await bruno.get("/financeur")).status).toBe(200);
      const sessionsAfter = (
        await database.db
          .selectFrom("sessions")
          .select(({ fn }) => fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
      expect(Number(sessionsAfter)).toBe(Number(sessionsBefore) + 1); // bruno's session now, none from the refused attempt
    });

    it("answers the French 503 page when connections are reset (ECONNRESET), then recovers", async () => {
      const alice = await login(server.url, "alice@financeur-a.demo");
      expect((await alice.get("/financeur")).status).toBe(200);

      proxy.resetAll();
      await sleep(300);
      for (const path of ["/financeur", "/financeur/examens"]) {
        const page = await alice.get(path);
        expect(page.status).toBe(503);
        expect(page.headers.get("content-type")).toMatch(/text\/html/);
        const html = await page.text();
        expect(html).toContain(UNAVAILABLE);
        expect(html).toContain('lang="fr"');
      }
      expect(server.proc.exitCode).toBeNull();

      await proxy.restore();
      await waitFor(async () => (await alice.get("/financeur")).status === 200, "the signed-in page to work again");
    });
  },
);
