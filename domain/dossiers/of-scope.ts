import { DomainError } from "../errors";
import { organisationIdsOfKind, type Actor } from "../permissions/actor";
import { canEditDossier } from "../permissions/policy";

/** The OF an actor works for. Every OF-side query is scoped by this organisation id. */
export interface OfScope {
  actor: Actor;
  organisationId: string;
}

export function ofScopeOf(actor: Actor): OfScope {
  const organisationId = organisationIdsOfKind(actor, "of")[0];
  if (!organisationId || !canEditDossier(actor, organisationId)) throw new DomainError("forbidden", "errors.forbidden");
  return { actor, organisationId };
}
