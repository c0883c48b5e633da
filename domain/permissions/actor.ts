import type { OrganisationKind, Role } from "../../db/schema";

export type { OrganisationKind, Role };

export interface ActorMembership {
  organisationId: string;
  organisationKind: OrganisationKind;
  organisationName: string;
  role: Role;
}

/** Who is acting: the logged-in user and their memberships. Built once per request or socket. */
export interface Actor {
  userId: string;
  email: string;
  fullName: string;
  memberships: ActorMembership[];
}

export const ROLES: readonly Role[] = ["of_admin", "of_member", "funder_reviewer", "funder_admin", "coordinator"];

export const ROLE_ORGANISATION_KIND: Record<Role, OrganisationKind> = {
  of_admin: "of",
  of_member: "of",
  funder_reviewer: "funder",
  funder_admin: "funder",
  coordinator: "coordination",
};

/** The membership the portal acts under: a user normally has exactly one. */
export function primaryMembership(actor: Actor): ActorMembership | undefined {
  return actor.memberships[0];
}

export function hasRole(actor: Actor, role: Role, organisationId?: string): boolean {
  return actor.memberships.some((m) => m.role === role && (organisationId === undefined || m.organisationId === organisationId));
}

export function isCoordinator(actor: Actor): boolean {
  return actor.memberships.some((m) => m.role === "coordinator");
}

export function isFunderMember(actor: Actor): boolean {
  return actor.memberships.some((m) => m.organisationKind === "funder");
}

export function organisationIdsOfKind(actor: Actor, kind: OrganisationKind): string[] {
  return actor.memberships.filter((m) => m.organisationKind === kind).map((m) => m.organisationId);
}

export function belongsTo(actor: Actor, organisationId: string): boolean {
  return actor.memberships.some((m) => m.organisationId === organisationId);
}
