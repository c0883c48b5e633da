import type { AppLoadContext } from "@remix-run/node";
import { ofScopeOf, type OfScope } from "../../domain/dossiers/of-scope";
import { requireActor } from "./auth.server";
import { httpError } from "./http-errors.server";

/** The OF the logged-in user works for; 403 for funder/coordination accounts. */
export function requireOfScope(request: Request, context: AppLoadContext): OfScope {
  const actor = requireActor(request, context);
  try {
    return ofScopeOf(actor);
  } catch {
    throw httpError(403);
  }
}
