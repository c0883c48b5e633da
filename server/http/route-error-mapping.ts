import { data, type ServerBuild } from "@remix-run/node";
import { HTTP_STATUS_OF_KIND, isDomainError } from "../../domain/errors";
import { asDomainError } from "../../domain/validation/data-exception";
import { translate } from "../../domain/i18n/translate";
import { PROBLEM_CONTENT_TYPE, problemDetails } from "../../domain/api/problem";

const STATUS = HTTP_STATUS_OF_KIND;

type RouteFunction = (args: { request: Request }) => unknown;

/**
 * The edge's safety net for loaders and actions: a typed domain error that a route let through —
 * including bad input PostgreSQL refused as data (SQLSTATE class 22, see domain/validation/
 * data-exception.ts) — becomes its status instead of Remix's 500: the French error page (the
 * root ErrorBoundary reads `messageKey`), or application/problem+json under /api/. Routes keep
 * validating first (domain/validation/fields.ts); this catches what they missed.
 */
export function withRouteErrorMapping(build: ServerBuild): ServerBuild {
  const cached = wrapped.get(build);
  if (cached) return cached;
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = route.module as unknown as Record<string, unknown>;
    const api = route.path?.startsWith("api/") === true || id.startsWith("routes/api.");
    routes[id] = {
      ...route,
      module: {
        ...module,
        ...(typeof module.loader === "function" ? { loader: mapErrors(module.loader as RouteFunction, api) } : {}),
        ...(typeof module.action === "function" ? { action: mapErrors(module.action as RouteFunction, api) } : {}),
      } as unknown as typeof route.module,
    };
  }
  const result = { ...build, routes };
  wrapped.set(build, result);
  return result;
}

const wrapped = new WeakMap<ServerBuild, ServerBuild>();

function mapErrors(run: RouteFunction, api: boolean): RouteFunction {
  return async (args) => {
    try {
      return await run(args);
    } catch (thrown) {
      const error = asDomainError(thrown);
      if (!isDomainError(error)) throw thrown;
      const status = STATUS[error.kind];
      if (!api) throw data({ messageKey: error.messageKey }, { status });
      throw problemResponse(status, translate(error.messageKey, error.params), error.fieldErrors);
    }
  };
}

/** An RFC 9457 problem document (the API's error shape, domain/api/problem.ts), as JSON text. */
export function problemJson(status: number, detail: string, errors: Record<string, string[]> = {}): string {
  return JSON.stringify(problemDetails(status, detail, Object.keys(errors).length ? { errors } : {}));
}

function problemResponse(status: number, detail: string, errors: Record<string, string[]> = {}): Response {
  return new Response(problemJson(status, detail, errors), {
    status,
    headers: { "Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store" },
  });
}
