import type { Executor } from "../../db/executor";
import type { OrganisationKind } from "../../db/schema";

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

/** How many organisations of each kind (the coordination home). */
export async function countOrganisationsByKind(db: Executor): Promise<Record<OrganisationKind, number>> {
  const rows = await db
    .selectFrom("organisations")
    .select(["kind", (eb) => eb.fn.countAll<string>().as("n")])
    .groupBy("kind")
    .execute();
  const counts: Record<OrganisationKind, number> = { of: 0, funder: 0, coordination: 0 };
  for (const row of rows) counts[row.kind] = Number(row.n);
  return counts;
}
