import type { AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { AppConfig, AppServices } from "../../domain/context";
import { createPostgresFileStore } from "../../domain/files/postgres-file-store";
import type { Mailer } from "../../domain/mail/mailer";
import type { Actor } from "../../domain/permissions/actor";

/** A mailer that sends nowhere and lists nothing (mail really "leaves"). */
export const silentMailer: Mailer = { send: async () => {}, listLocal: async () => null };

export interface TestLoadContextOptions {
  db: Kysely<Database>;
  /** The signed-in actor; null or absent: an anonymous request. */
  actor?: Actor | null;
  /** Any service to replace (files default to the PostgreSQL store of `db`). */
  services?: Partial<Omit<AppServices, "config" | "db">>;
  config?: Partial<AppConfig>;
}

/**
 * The load context server/ hands to loaders and actions, built for a test that calls a route module
 * or Remix's request handler directly. Typed against AppLoadContext (no cast): when the context
 * grows a field, this one function says so, not every test file.
 */
export function testLoadContext(options: TestLoadContextOptions): AppLoadContext {
  const config: AppConfig = {
    publicUrl: "http://localhost",
    secureCookies: false,
    devMailbox: false,
    uploadMaxBytes: 20 * 1024 * 1024,
    cookieSecret: "test-cookie-secret-of-at-least-32-characters",
    ...options.config,
  };
  const services: AppServices = {
    db: options.db,
    files: createPostgresFileStore(options.db),
    mailer: silentMailer,
    live: { userAccessChanged: () => {} },
    pingDatabase: async () => {},
    ...options.services,
    config,
  };
  return {
    services,
    session: options.actor
      ? { sessionId: "s", expiresAt: new Date(Date.now() + 3_600_000), renewed: false, emailVerified: true, actor: options.actor }
      : null,
    cspNonce: "n",
    clientIp: "127.0.0.1",
  };
}
