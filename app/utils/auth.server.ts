import { redirect, type AppLoadContext } from "@remix-run/node";
import { ofScopeOf, type OfScope } from "../../domain/dossiers/of-scope";
import { primaryMembership, type Actor } from "../../domain/permissions/actor";
import { canActAsFunderSide } from "../../domain/permissions/policy";
import { httpError } from "./http-errors.server";

/** The logged-in actor, or null. The session was validated once by the server (load context). */
export function getActor(context: AppLoadContext): Actor | null {
  return context.session?.actor ?? null;
}

/** The actor, or a redirect to /login that comes back here afterwards. */
export function requireActor(request: Request, context: AppLoadContext): Actor {
  const actor = getActor(context);
  if (!actor) {
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return actor;
}

/** The actor if `allowed(actor)` holds; 403 otherwise. */
export function requirePermission(request: Request, context: AppLoadContext, allowed: (actor: Actor) => boolean): Actor {
  const actor = requireActor(request, context);
  if (!allowed(actor)) throw httpError(403);
  return actor;
}

/** Funders and coordinators; an OF gets 403. */
export function requireFunderSide(request: Request, context: AppLoadContext): Actor {
  return requirePermission(request, context, canActAsFunderSide);
}

/** The OF the logged-in user works for; 403 for funder/coordination accounts. */
export function requireOfScope(request: Request, context: AppLoadContext): OfScope {
  const actor = requireActor(request, context);
  try {
    return ofScopeOf(actor);
  } catch {
    throw httpError(403);
  }
}

/** Where a role lands after logging in. */
export function homePathFor(actor: Actor): string {
  const membership = primaryMembership(actor);
  switch (membership?.organisationKind) {
    case "of":
      return "/organisme";
    case "funder":
      return "/financeur";
    case "coordination":
      return "/coordination";
    default:
      // No organisation: an outside expert (issue 15.7), whose requests are their home.
      return "/avis";
  }
}
