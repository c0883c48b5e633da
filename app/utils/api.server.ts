import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { authenticateApiKey, type ApiPrincipal } from "../../domain/api-keys/api-keys.service";
import { hitApiRate, type RateDecision } from "../../domain/api-keys/rate-limiter";
import { isDatabaseUnavailable } from "../../domain/database-unavailable";
import { isDomainError } from "../../domain/errors";
import { PROBLEM_CONTENT_TYPE, problemDetails } from "../../domain/api/problem";
import { asDomainError } from "../../domain/validation/data-exception";
import { translate } from "../../domain/i18n/translate";
import { statusOfDomainError } from "./http-errors.server";

function rateHeaders(rate: RateDecision | undefined): Record<string, string> {
  if (!rate) return {};
  return { "RateLimit-Limit": String(rate.limit), "RateLimit-Remaining": String(rate.remaining), "RateLimit-Reset": String(rate.reset) };
}

/** An RFC 9457 problem+json response: the shape of every /api/v1 answer that is not a success. */
export function problem(
  status: number,
  detail?: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(problemDetails(status, detail, extra)), {
    status,
    headers: { "Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store", ...headers },
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
  if (!principal)
    throw problem(401, "A valid API key is required (Authorization: Bearer dd_…).", {}, { "WWW-Authenticate": 'Bearer realm="datadock"' });
  // Counted per funder: every key of a funder shares one quota (a second key does not double it).
  const rate = await hitApiRate(context.services.db, principal.funderId);
  const headers = rateHeaders(rate);
  if (!rate.allowed) throw problem(429, "Rate limit exceeded.", {}, { ...headers, "Retry-After": String(rate.reset) });
  if (scope === "read-write" && principal.scope !== "read-write") throw problem(403, "This API key is read-only.", {}, headers);
  return {
    principal,
    rate,
    json: (body, status = 200) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
      }),
    empty: (status = 204) => new Response(null, { status, headers }),
    fail(thrown) {
      const error = asDomainError(thrown);
      if (isDomainError(error)) {
        const status = statusOfDomainError(error.kind);
        return problem(
          status,
          translate(error.messageKey, error.params),
          Object.keys(error.fieldErrors).length ? { errors: error.fieldErrors } : {},
          headers,
        );
      }
      throw error;
    },
  };
}

type ApiMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type ApiHandler = (args: LoaderFunctionArgs) => Promise<Response>;

/** Whatever a handler threw, as problem+json: a thrown Response as is, domain errors by kind, the rest 500 (logged). */
export function problemOf(thrown: unknown): Response {
  if (thrown instanceof Response) return thrown;
  if (isDomainError(thrown)) {
    const status = statusOfDomainError(thrown.kind);
    return problem(
      status,
      translate(thrown.messageKey, thrown.params),
      Object.keys(thrown.fieldErrors).length ? { errors: thrown.fieldErrors } : {},
    );
  }
  if (isDatabaseUnavailable(thrown)) return problem(503, "The database is not answering; try again shortly.", {}, { "Retry-After": "5" });
  console.error("API request failed", thrown);
  return problem(500, "The request could not be completed.");
}

/**
 * The loader and action of an /api/v1 resource route: dispatches on the method, answers 405 with
 * an Allow header for the others (HEAD is GET without a body), and turns whatever a handler throws
 * into problem+json, so the API never answers with Remix's HTML or its "Unexpected Server Error".
 */
export function apiRoute(handlers: Partial<Record<ApiMethod, ApiHandler>>) {
  const methods = Object.keys(handlers) as ApiMethod[];
  const allow = methods.flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m])).join(", ");
  const dispatch = async (args: LoaderFunctionArgs): Promise<Response> => {
    const method = args.request.method.toUpperCase() === "HEAD" ? "GET" : (args.request.method.toUpperCase() as ApiMethod);
    const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
    if (!handler) return problem(405, `This resource answers ${allow}.`, {}, { Allow: allow });
    try {
      return await handler(args);
    } catch (thrown) {
      return problemOf(thrown);
    }
  };
  return { loader: dispatch, action: dispatch };
}

/** 404 for a path that is not in the API. */
export function apiNotFound(): Response {
  return problem(404, "No such API resource; the API is described at /api/v1/openapi.json.");
}
