/**
 * RFC 9457 problem details: the one shape of every /api/v1 answer that is not a success, whether
 * the Remix routes (app/utils/api.server.ts) or the Express layer in front of them (errors met
 * before Remix) answer.
 */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  411: "Length Required",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

export function problemDetails(status: number, detail?: string, extra: Record<string, unknown> = {}): ProblemDetails {
  return { type: "about:blank", title: TITLES[status] ?? "Error", status, ...(detail ? { detail } : {}), ...extra };
}

/** Whether a request path belongs to the API (answers problem+json, never the portal's pages). */
export function isApiPath(pathname: string): boolean {
  return pathname === "/api/v1" || pathname.startsWith("/api/v1/") || pathname.startsWith("/api/v1.");
}
