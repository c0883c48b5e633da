import type { Executor } from "../executor";
import type { OrganisationKind, Role } from "../schema";

export function findOrganisationById(db: Executor, organisationId: string) {
  return db.selectFrom("organisations").select(["id", "kind", "name", "region"]).where("id", "=", organisationId).executeTakeFirst();
}

export async function siretTaken(db: Executor, siret: string): Promise<boolean> {
  const row = await db.selectFrom("organisations").select("id").where("siret", "=", siret).executeTakeFirst();
  return row !== undefined;
}

export async function insertTrainingOrganisation(
  db: Executor,
  organisation: { name: string; siret: string; siren: string; nda: string; contactEmail: string },
): Promise<string> {
  const row = await db
    .insertInto("organisations")
    .values({
      kind: "of",
      name: organisation.name,
      siret: organisation.siret,
      siren: organisation.siren,
      nda: organisation.nda,
      contact_email: organisation.contactEmail,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertFunderOrganisation(db: Executor, funder: { name: string; region: string | null }): Promise<string> {
  const row = await db
    .insertInto("organisations")
    .values({ kind: "funder", name: funder.name, region: funder.region })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Case-insensitive: two funders called "Région X" and "région x" would confuse everyone. */
export async function organisationNameTaken(db: Executor, kind: OrganisationKind, name: string): Promise<boolean> {
  const row = await db
    .selectFrom("organisations")
    .select("id")
    .where("kind", "=", kind)
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

/** Funders with their member count, by name. */
export async function listFundersWithMemberCounts(db: Executor) {
  const rows = await db
    .selectFrom("organisations")
    .leftJoin("memberships", "memberships.organisation_id", "organisations.id")
    .select(["organisations.id", "organisations.name", "organisations.region", (eb) => eb.fn.count<string>("memberships.id").as("members")])
    .where("organisations.kind", "=", "funder")
    .groupBy(["organisations.id", "organisations.name", "organisations.region"])
    .orderBy("organisations.name")
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, region: row.region, memberCount: Number(row.members) }));
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
