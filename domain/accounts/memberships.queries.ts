import type { Executor } from "../../db/executor";
import type { OrganisationKind, Role } from "../../db/schema";

/** A user's memberships with the organisation's kind and name, oldest first. */
export function listUserMemberships(db: Executor, userId: string) {
  return selectUserMemberships(db).where("memberships.user_id", "=", userId).execute();
}

/** A user's memberships, oldest first; the caller adds which user (a value, or the session's row). */
export function selectUserMemberships(db: Executor) {
  return db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
    .select([
      "memberships.organisation_id as organisationId",
      "organisations.kind as organisationKind",
      "organisations.name as organisationName",
      "memberships.role as role",
    ])
    .orderBy("memberships.created_at");
}

/** Adds a membership; returns false when the user already belongs to the organisation. */
export async function insertMembership(db: Executor, membership: { userId: string; organisationId: string; role: Role }): Promise<boolean> {
  const rows = await db
    .insertInto("memberships")
    .values({ user_id: membership.userId, organisation_id: membership.organisationId, role: membership.role })
    .onConflict((oc) => oc.columns(["user_id", "organisation_id"]).doNothing())
    .returning("id")
    .execute();
  return rows.length > 0;
}

/** The members of one organisation (scoped by its id), by name. */
export function listOrganisationMembers(db: Executor, organisationId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select([
      "users.id as userId",
      "users.email as email",
      "users.full_name as fullName",
      "users.email_verified_at as emailVerifiedAt",
      "users.disabled_at as disabledAt",
      "memberships.role as role",
      "memberships.created_at as joinedAt",
    ])
    .where("memberships.organisation_id", "=", organisationId)
    .orderBy("users.full_name")
    .orderBy("users.email")
    .execute();
}

/** The kinds of organisation a user already belongs to (an OF member never joins a funder). */
export async function organisationKindsOfUser(db: Executor, userId: string): Promise<OrganisationKind[]> {
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
    .select("organisations.kind")
    .distinct()
    .where("memberships.user_id", "=", userId)
    .execute();
  return rows.map((r) => r.kind);
}

export interface FunderMember {
  id: string;
  name: string;
  funderName: string;
}

/**
 * The funders' members whose account is active, each once (with the first of their funders), by name:
 * whom a dossier can be assigned to, who may co-examine it, whom an expert opinion can be asked of.
 */
export async function listActiveFunderMembers(db: Executor): Promise<FunderMember[]> {
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.full_name", "users.email", "organisations.name as funderName"])
    .where("organisations.kind", "=", "funder")
    .where("users.disabled_at", "is", null)
    .orderBy("users.full_name")
    .orderBy("users.email")
    .orderBy("organisations.name")
    .execute();
  const seen = new Set<string>();
  return rows
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map((r) => ({ id: r.id, name: r.full_name || r.email, funderName: r.funderName }));
}

/** Reads the active funder members at most once for whoever asks (a page whose panels each need them). */
export function sharedFunderMembers(db: Executor): () => Promise<FunderMember[]> {
  let members: Promise<FunderMember[]> | undefined;
  return () => (members ??= listActiveFunderMembers(db));
}
