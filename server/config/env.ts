import ipaddr from "ipaddr.js";
import { z } from "zod";

/**
 * The one place that reads process.env. Every variable is validated here at start-up;
 * a bad value stops the process with a message naming the variable and what is expected.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce
    .number({ error: "un numéro de port entre 0 et 65535" })
    .int()
    .min(0, "un numéro de port entre 0 et 65535")
    .max(65535, "un numéro de port entre 0 et 65535")
    .default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "une URL http(s) absolue, par ex. https://datadock.example.fr" }).optional(),
  DATA_DIR: z.string().min(1, "un chemin de dossier").default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "une URL postgres://user@host:port/base")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "une URL redis://host:port")
    .optional(),
  SESSION_SECRET: z.string().min(32, "au moins 32 caractères").optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "une URL smtp(s)://user:pass@host:port")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(20 * 1024 * 1024),
  FILE_STORE: z.enum(["disk", "postgres"]).default("disk"),
  SEED_DEMO: z.enum(["auto", "never"]).default("auto"),
  // Which peers may set X-Forwarded-For (the client address used by login throttling).
  TRUST_PROXY: z
    .string()
    .refine(
      (v) => v === "none" || v.split(",").every((p) => ["loopback", "linklocal", "uniquelocal"].includes(p) || ipaddr.isValid(p) || ipaddr.isValidCIDR(p)),
      "none, ou des adresses, réseaux CIDR ou mots-clés (loopback, linklocal, uniquelocal) séparés par des virgules",
    )
    .transform((v) => (v === "none" ? false : v.split(",")))
    .default(["loopback"]),
  // Tests only: comma-separated webhook hosts (names or IP literals) allowed to be inside addresses.
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .regex(/^[a-z0-9.:-]+(,[a-z0-9.:-]+)*$/i, "des noms d'hôte ou adresses IP séparés par des virgules, par ex. 127.0.0.1,localhost")
    .transform((v) => v.split(",").map((h) => h.toLowerCase()))
    .optional(),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset, so `FOO= npm start` behaves like no FOO.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    return `  - ${name}=${JSON.stringify(cleaned[name] ?? "")}: attendu ${issue.message}`;
  });
  throw new EnvError(`Configuration invalide :\n${lines.join("\n")}`);
}

export function readEnv(): Env {
  return parseEnv(process.env);
}
