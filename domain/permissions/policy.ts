import type { OrganisationKind, Role } from "../../db/schema";
import { belongsTo, hasRole, isCoordinator, isFunderMember, type Actor } from "./actor";

/**
 * Pure permission checks, shared by the portal (loaders, actions, API) and the collab server.
 * Each answers a yes/no question about an actor and a resource already loaded; queries still
 * scope by organisation so that an id guessed from elsewhere finds nothing.
 */

/** Funders and the coordination examine, share notes and see reporting; never an OF. */
export function canActAsFunderSide(actor: Actor): boolean {
  return isFunderMember(actor) || isCoordinator(actor);
}

export function canViewOrganisation(actor: Actor, organisation: { id: string; kind: OrganisationKind }): boolean {
  if (belongsTo(actor, organisation.id)) return true;
  if (organisation.kind === "of") return canActAsFunderSide(actor);
  return isCoordinator(actor);
}

export function canEditOfProfile(actor: Actor, organisationId: string): boolean {
  return hasRole(actor, "of_admin", organisationId);
}

export function canEditDossier(actor: Actor, organisationId: string): boolean {
  return hasRole(actor, "of_admin", organisationId) || hasRole(actor, "of_member", organisationId);
}

export function canExamine(actor: Actor): boolean {
  return isFunderMember(actor);
}

export function canManageFunders(actor: Actor): boolean {
  return isCoordinator(actor);
}

export function canManageReferentiels(actor: Actor): boolean {
  return isCoordinator(actor);
}

export interface InvitationTarget {
  organisationId: string;
  organisationKind: OrganisationKind;
  role: Role;
}

/**
 * Who may invite whom: coordinators invite funder staff and other coordinators; funder admins
 * invite reviewers and admins of their own funder; OF admins invite colleagues of their own OF.
 */
export function canInvite(actor: Actor, target: InvitationTarget): boolean {
  const roleFitsKind =
    (target.organisationKind === "of" && (target.role === "of_admin" || target.role === "of_member")) ||
    (target.organisationKind === "funder" && (target.role === "funder_admin" || target.role === "funder_reviewer")) ||
    (target.organisationKind === "coordination" && target.role === "coordinator");
  if (!roleFitsKind) return false;
  if (isCoordinator(actor)) return target.organisationKind !== "of";
  if (target.organisationKind === "funder") return hasRole(actor, "funder_admin", target.organisationId);
  if (target.organisationKind === "of") return hasRole(actor, "of_admin", target.organisationId);
  return false;
}


/** Who examines one dossier: the examiner who took it (or was assigned it) and the co-examiners they added. */
export interface DossierExaminers {
  examinerId: string | null;
  coExaminerIds: readonly string[];
}

/**
 * Who may decide indicators and close the examination (renvoyer, déclarer datadocké, non conforme):
 * the dossier's examiner and their co-examiners, while they are funder staff (decision record 022).
 */
export function canDecide(actor: Actor, dossier: DossierExaminers): boolean {
  if (!canExamine(actor)) return false;
  return dossier.examinerId === actor.userId || dossier.coExaminerIds.includes(actor.userId);
}

/** Only the examiner adds or removes co-examiners (a co-examiner does not add others). */
export function canManageCoExaminers(actor: Actor, dossier: Pick<DossierExaminers, "examinerId">): boolean {
  return canExamine(actor) && dossier.examinerId !== null && dossier.examinerId === actor.userId;
}

/** De-listing (dé-référencement) an OF from every catalogue is a serious act: a funder admin, any funder. */
export function canDeList(actor: Actor): boolean {
  return actor.memberships.some((m) => m.role === "funder_admin" && m.organisationKind === "funder");
}
