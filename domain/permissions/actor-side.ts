import type { Actor } from "./actor";
import { hasRole, isCoordinator, isFunderMember, organisationIdsOfKind } from "./actor";
import type { TransitionSide } from "../dossiers/status-machine";
import { forbidden } from "../errors";

/**
 * Which side and organisation a funder-side actor acts for (not permissions: the `can*` checks are
 * in policy.ts).
 */

/** The side an actor acts on in the state machine: a funder member, else the coordination. */
export function funderSideOf(actor: Actor): TransitionSide {
  if (organisationIdsOfKind(actor, "funder").length > 0) return "funder";
  if (isCoordinator(actor)) return "coordination";
  throw forbidden();
}

/** The side a reopening is made on (decision record 037): the coordination's for a coordinator, else the OF's. */
export function reopenerSideOf(actor: Actor): TransitionSide {
  return isCoordinator(actor) ? "coordination" : "of";
}

/** The side an assignment is made on: the coordination's, unless the assigner is a funder admin. */
export function assignerSideOf(actor: Actor): TransitionSide {
  return isCoordinator(actor) && !hasRole(actor, "funder_admin") ? "coordination" : "funder";
}

/** The funder the actor acts for (their first funder membership), or null for a coordinator. */
export function funderIdOf(actor: Actor): string | null {
  return organisationIdsOfKind(actor, "funder")[0] ?? null;
}

/** The organisation the actor acts for on the funder side (funder, else coordination). */
export function actingOrganisationId(actor: Actor): string | null {
  return funderIdOf(actor) ?? organisationIdsOfKind(actor, "coordination")[0] ?? null;
}

/** The side a user is shown under in the live layer (presence, typing): funder staff, the coordination, else an OF. */
export type LiveSide = "funder" | "coordinator" | "of";

/** Which side others see the actor on in the live layer (a label, not a permission): funder membership wins. */
export function liveSideOf(actor: Actor): LiveSide {
  if (isFunderMember(actor)) return "funder";
  if (isCoordinator(actor)) return "coordinator";
  return "of";
}

/** How a person asked for an expert opinion is reached (issue 15.7): a funder's member, else an outside expert. */
export function expertKindOf(candidate: Actor): "member" | "outside" {
  return isFunderMember(candidate) ? "member" : "outside";
}
