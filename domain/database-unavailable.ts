/** Error codes of a database that cannot be reached at all (node's socket errors). */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ENOTFOUND"]);

/**
 * The database cannot be reached (refused, dropped, timed out, shutting down), as opposed to a query
 * that failed: callers answer 503 "la base de données ne répond pas" rather than a generic 500.
 * One classifier for the Remix routes (app/utils/http-errors.server.ts) and the Express error handler.
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
