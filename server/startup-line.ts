import type { Env } from "./config/env";

/**
 * What `npm start` prints (issue 12.9). On a terminal: one French line when the server is ready, and
 * pino at "warn" (unless LOG_LEVEL says otherwise). Off a terminal (a service manager, a log collector)
 * or with LOG_FORMAT=json: JSON logs at "info", and no ready line.
 */
export function humanOutput(env: Pick<Env, "LOG_FORMAT">, stdoutIsTty: boolean): boolean {
  return stdoutIsTty && env.LOG_FORMAT !== "json";
}

export function logLevelFor(env: Pick<Env, "LOG_LEVEL">, human: boolean): string {
  return env.LOG_LEVEL ?? (human ? "warn" : "info");
}

/** The ready line; the pointer to the demo accounts only in demo mode. Text of the terminal, not of the UI catalogue. */
export function readyLine(url: string, mode: Env["DATADOCK_MODE"]): string {
  const base = `Datadock est prêt : ${url}`;
  return mode === "demo" ? `${base} — comptes de démonstration dans le README` : base;
}
