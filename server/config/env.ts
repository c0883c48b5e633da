import ipaddr from "ipaddr.js";
import { z } from "zod";
import { isLoopbackHost } from "./loopback";
import type { RetentionPolicy } from "../../domain/retention/retention.service";

/**
 * The one place that reads process.env. Every variable is validated here at start-up;
 * a bad value stops the process with a message naming the variable and what is expected.
 *
 * DATADOCK_MODE chooses between the local demonstration (`npm start`: demo accounts, mails kept in
 * DATA_DIR/mail, loopback only) and production (the default: real mail, no demo data). The rules
 * tying other variables to the mode are checked in `modeProblems` below.
 */
function retentionDays(defaultDays: number) {
  const expected = "un nombre de jours entre 1 et 3650";
  return z.coerce.number({ error: expected }).int(expected).min(1, expected).max(3650, expected).default(defaultDays);
}

const envSchema = z.object({
  DATADOCK_MODE: z.enum(["demo", "production"], { error: "demo ou production" }).default("production"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce
    .number({ error: "un numéro de port entre 0 et 65535" })
    .int()
    .min(0, "un numéro de port entre 0 et 65535")
    .max(65535, "un numéro de port entre 0 et 65535")
    .default(3000),
  /** Default depends on the mode: 127.0.0.1 in demo, 0.0.0.0 in production. */
  HOST: z.string().min(1).optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "une URL http(s) absolue, par ex. https://datadock.example.fr" }).optional(),
  DATA_DIR: z.string().min(1, "un chemin de dossier").default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "une URL postgres://user@host:port/base")
    .optional(),
  /** "off" behind a pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21); decision record 056. */
  DATABASE_PREPARED_STATEMENTS: z.enum(["on", "off"], { error: "on ou off" }).default("on"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "une URL redis://host:port")
    .optional(),
  SESSION_SECRET: z.string().min(32, "au moins 32 caractères").optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "une URL smtp(s)://user:pass@host:port")
    .optional(),
  /** pino level; absent: "warn" on a terminal (the one ready line says the rest), "info" otherwise (server/startup-line.ts). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  /** "json" keeps JSON logs (and no ready line) even on a terminal; off a terminal logs are always JSON. */
  LOG_FORMAT: z.enum(["json", "text"], { error: "json ou text" }).optional(),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  FILE_STORE: z.enum(["disk", "postgres"]).default("disk"),
  /** Only meaningful in demo mode (default auto there); production never seeds demo data. */
  SEED_DEMO: z.enum(["auto", "never"]).optional(),
  // Which peers may set X-Forwarded-For (the client address used by login throttling).
  TRUST_PROXY: z
    .string()
    .refine(
      (v) =>
        v === "none" ||
        v.split(",").every((p) => ["loopback", "linklocal", "uniquelocal"].includes(p) || ipaddr.isValid(p) || ipaddr.isValidCIDR(p)),
      "none, ou des adresses, réseaux CIDR ou mots-clés (loopback, linklocal, uniquelocal) séparés par des virgules",
    )
    .transform((v) => (v === "none" ? false : v.split(",")))
    .default(["loopback"]),
  // Retention of personal data that no longer serves, in days (decision record 039), applied by the daily job.
  RETENTION_SESSIONS_DAYS: retentionDays(30),
  RETENTION_EMAIL_TOKENS_DAYS: retentionDays(30),
  RETENTION_LOGIN_THROTTLES_DAYS: retentionDays(1),
  RETENTION_NOTIFICATIONS_DAYS: retentionDays(365),
  RETENTION_PRESENCE_DAYS: retentionDays(90),
  RETENTION_DOMAIN_EVENTS_DAYS: retentionDays(90),
  // Tests only: comma-separated webhook hosts (names or IP literals) allowed to be inside addresses.
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .regex(/^[a-z0-9.:-]+(,[a-z0-9.:-]+)*$/i, "des noms d'hôte ou adresses IP séparés par des virgules, par ex. 127.0.0.1,localhost")
    .transform((v) => v.split(",").map((h) => h.toLowerCase()))
    .optional(),
});

type ParsedEnv = z.infer<typeof envSchema>;
export type DatadockMode = ParsedEnv["DATADOCK_MODE"];
export type Env = Omit<ParsedEnv, "HOST" | "SEED_DEMO"> & { HOST: string; SEED_DEMO: "auto" | "never" };

export class EnvError extends Error {}

const DEMO_HINT = "pour une installation accessible à d'autres, DATADOCK_MODE=production avec SMTP_URL";

/** The rules that tie variables to the mode; each problem is [variable, what is expected]. */
function modeProblems(env: ParsedEnv): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (env.DATADOCK_MODE === "production") {
    if (!env.SMTP_URL) {
      problems.push([
        "SMTP_URL",
        "en mode production (DATADOCK_MODE=production, le défaut) une URL smtp(s)://user:pass@host:port pour envoyer les e-mails — " +
          "pour la démonstration locale, lancez `npm start` ou DATADOCK_MODE=demo",
      ]);
    }
    if (env.SEED_DEMO === "auto") {
      problems.push(["SEED_DEMO", "never ou rien en mode production : les données de démonstration n'existent qu'avec DATADOCK_MODE=demo"]);
    }
    if (env.WEBHOOK_ALLOWED_HOSTS !== undefined) {
      problems.push(["WEBHOOK_ALLOWED_HOSTS", "rien en mode production : cette liste ne sert qu'aux tests (DATADOCK_MODE=demo)"]);
    }
  } else {
    if (env.HOST !== undefined && !isLoopbackHost(env.HOST)) {
      problems.push(["HOST", `une adresse locale (127.0.0.1, ::1 ou localhost) en mode démonstration — ${DEMO_HINT}`]);
    }
    if (env.PUBLIC_URL !== undefined && !isLoopbackHost(new URL(env.PUBLIC_URL).hostname)) {
      problems.push(["PUBLIC_URL", `une URL locale (http://localhost:…) en mode démonstration — ${DEMO_HINT}`]);
    }
  }
  return problems;
}

function envError(cleaned: Record<string, string | undefined>, problems: Array<[string, string]>): EnvError {
  const lines = problems.map(([name, expected]) => `  - ${name}=${JSON.stringify(cleaned[name] ?? "")}: attendu ${expected}`);
  return new EnvError(`Configuration invalide :\n${lines.join("\n")}`);
}

function parseFields(source: Record<string, string | undefined>): { parsed: ParsedEnv; cleaned: Record<string, string | undefined> } {
  // Empty strings count as unset, so `FOO= npm start` behaves like no FOO.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw envError(
      cleaned,
      result.error.issues.map((issue) => [issue.path.join("."), issue.message]),
    );
  }
  return { parsed: result.data, cleaned };
}

function withModeDefaults(parsed: ParsedEnv): Env {
  const demo = parsed.DATADOCK_MODE === "demo";
  return {
    ...parsed,
    HOST: parsed.HOST ?? (demo ? "127.0.0.1" : "0.0.0.0"),
    SEED_DEMO: demo ? (parsed.SEED_DEMO ?? "auto") : "never",
  };
}

/** The server's configuration: every variable valid, and the mode's rules held. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const { parsed, cleaned } = parseFields(source);
  const problems = modeProblems(parsed);
  if (problems.length > 0) throw envError(cleaned, problems);
  return withModeDefaults(parsed);
}

/**
 * For command-line tools (migrations, seeding) that open the database but serve nothing and send no
 * mail: the variables are validated, the mode's serving rules are not (SEED_DEMO still never in production).
 */
export function parseToolEnv(source: Record<string, string | undefined>): Env {
  return withModeDefaults(parseFields(source).parsed);
}

/** The retention policy the daily job applies (decision record 039). */
export function retentionPolicyOf(env: Env): RetentionPolicy {
  return {
    sessionsDays: env.RETENTION_SESSIONS_DAYS,
    emailTokensDays: env.RETENTION_EMAIL_TOKENS_DAYS,
    loginThrottlesDays: env.RETENTION_LOGIN_THROTTLES_DAYS,
    notificationsDays: env.RETENTION_NOTIFICATIONS_DAYS,
    presenceDays: env.RETENTION_PRESENCE_DAYS,
    domainEventsDays: env.RETENTION_DOMAIN_EVENTS_DAYS,
  };
}

export function readEnv(): Env {
  return parseEnv(process.env);
}

export function readToolEnv(): Env {
  return parseToolEnv(process.env);
}
