import type { AppLoadContext } from "@remix-run/node";
import { authenticateApiKey, type ApiPrincipal } from "../../domain/api-keys/api-keys.service";
import { hitApiRate, type RateDecision } from "../../domain/api-keys/rate-limiter";
import { isDomainError } from "../../domain/errors";
import { asDomainError } from "../../domain/validation/data-exception";
import { translate } from "../../domain/i18n/translate";
import { statusOfDomainError } from "./http-errors.server";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

function rateHeaders(rate: RateDecision | undefined): Record<string, string> {
  if (!rate) return {};
  return { "RateLimit-Limit": String(rate.limit), "RateLimit-Remaining": String(rate.remaining), "RateLimit-Reset": String(rate.reset) };
}

/** An RFC 9457 problem+json response. */
export function problem(status: number, detail?: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: "about:blank", title: TITLES[status] ?? "Error", status, ...(detail ? { detail } : {}), ...extra }), {
    status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...headers },
  });
}

export interface ApiCall {
  principal: ApiPrincipal;
  rate: RateDecision;
  json(body: unknown, status?: number): Response;
  empty(status?: number): Response;
  fail(error: unknown): Response;
}

/** Authenticates the Bearer key, applies the rate limit and the scope; throws a problem Response otherwise. */
export async function apiCall(request: Request, context: AppLoadContext, scope: "read" | "read-write" = "read"): Promise<ApiCall> {
  const header = request.headers.get("authorization") ?? "";
  const raw = header.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : request.headers.get("x-api-key");
  const principal = await authenticateApiKey(context.services.db, raw);
  if (!principal) throw problem(401, "A valid API key is required (Authorization: Bearer dd_…).", {}, { "WWW-Authenticate": 'Bearer realm="datadock"' });
  const rate = await hitApiRate(context.services.db, principal.keyId);
  const headers = rateHeaders(rate);
  if (!rate.allowed) throw problem(429, "Rate limit exceeded.", {}, { ...headers, "Retry-After": String(rate.reset) });
  if (scope === "read-write" && principal.scope !== "read-write") throw problem(403, "This API key is read-only.", {}, headers);
  return {
    principal,
    rate,
    json: (body, status = 200) =>
      new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers } }),
    empty: (status = 204) => new Response(null, { status, headers }),
    fail(thrown) {
      const error = asDomainError(thrown);
      if (isDomainError(error)) {
        const status = statusOfDomainError(error.kind);
        return problem(status, translate(error.messageKey, error.params), Object.keys(error.fieldErrors).length ? { errors: error.fieldErrors } : {}, headers);
      }
      throw error;
    },
  };
}
