import { data } from "@remix-run/node";
import { isDomainError, type DomainErrorKind } from "../../domain/errors";

const STATUS: Record<DomainErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

/** A thrown response rendered by the French error boundary. */
export function httpError(status: 400 | 401 | 403 | 404 | 409 | 429 | 503, messageKey?: string) {
  return data({ messageKey: messageKey ?? null }, { status });
}

/** Maps a domain error to the HTTP status and message key the error boundary shows; rethrows the rest. */
export function toHttpError(error: unknown): never {
  if (isDomainError(error)) throw httpError(STATUS[error.kind] as 400, error.messageKey);
  if (isDatabaseUnavailable(error)) throw httpError(503, "errors.unavailable");
  throw error;
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ENOTFOUND"]);

/**
 * The database cannot be reached (refused, dropped, timed out, shutting down): the French 503
 * "la base de données ne répond pas" page rather than a generic 500. Remix hides the original
 * error from the error boundary in production, so this mapping happens where it is caught.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  const message = String((error as Error | null)?.message ?? "");
  return (
    UNREACHABLE_CODES.has(code) ||
    code.startsWith("08") || // connection exceptions
    code === "57P01" || // admin shutdown
    code === "57P02" || // crash shutdown
    code === "57P03" || // cannot connect now
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)
  );
}

export function statusOfDomainError(kind: DomainErrorKind): number {
  return STATUS[kind];
}
