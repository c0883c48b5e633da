import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import type { Env } from "./env";
import type { AppConfig } from "../../domain/context";

export interface RuntimeConfig extends AppConfig {
  env: Env;
  dataDir: string;
  sessionSecret: string;
  pgliteDir: string;
  mailDir: string;
  filesDir: string;
}

/** SESSION_SECRET, or one generated on first run and kept in DATA_DIR so restarts keep it. */
function loadSessionSecret(env: Env, dataDir: string): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  const path = join(dataDir, "session-secret");
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  const secret = randomBytes(32).toString("hex");
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export function buildRuntimeConfig(env: Env, listeningPort: number): RuntimeConfig {
  const dataDir = resolve(env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${listeningPort}`).replace(/\/$/, "");
  const sessionSecret = loadSessionSecret(env, dataDir);
  return {
    env,
    dataDir,
    sessionSecret,
    cookieSecret: sessionSecret,
    pgliteDir: join(dataDir, "pglite"),
    mailDir: join(dataDir, "mail"),
    filesDir: join(dataDir, "files"),
    publicUrl,
    secureCookies: publicUrl.startsWith("https://"),
    mode: env.DATADOCK_MODE,
    // The local mailbox exists only in demo mode (production requires SMTP_URL).
    devMailbox: env.DATADOCK_MODE === "demo" && !env.SMTP_URL,
    uploadMaxBytes: env.UPLOAD_MAX_BYTES,
    webhookAllowedHosts: env.WEBHOOK_ALLOWED_HOSTS ?? [],
  };
}
