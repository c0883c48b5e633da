import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { PopulationEntry } from "./stratified-draw";

/**
 * What a control campaign draws from: the OFs with a datadocké dossier on one référentiel version
 * (the campaign's indicators belong to it), each once with its latest such dossier, and its region
 * ("" when the OF gave none). `regions` narrows it (empty: every region).
 */
export async function listCampaignPopulation(
  db: Executor,
  versionId: string,
  regions: readonly string[],
): Promise<(PopulationEntry & { dossierId: string })[]> {
  let query = db
    .selectFrom("dossiers")
    .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
    .distinctOn("dossiers.organisation_id")
    .select([
      "dossiers.organisation_id as organisationId",
      "dossiers.id as dossierId",
      sql<string>`coalesce(organisations.region, '')`.as("region"),
    ])
    .where("dossiers.referentiel_version_id", "=", versionId)
    .where("dossiers.status", "=", "datadocke")
    .where("organisations.kind", "=", "of");
  if (regions.length > 0) query = query.where(sql<string>`coalesce(organisations.region, '')`, "in", [...regions]);
  return query.orderBy("dossiers.organisation_id").orderBy("dossiers.created_at", "desc").execute();
}

/** The published référentiel versions, newest first, with how many OFs are datadocké on each (the form's choices). */
export async function listCampaignVersions(db: Executor) {
  const rows = await db
    .selectFrom("referentiel_versions")
    .innerJoin("referentiels", "referentiels.id", "referentiel_versions.referentiel_id")
    .select((eb) => [
      "referentiel_versions.id",
      "referentiel_versions.version",
      "referentiels.name",
      eb
        .selectFrom("dossiers")
        .select(sql<string>`count(distinct dossiers.organisation_id)`.as("n"))
        .whereRef("dossiers.referentiel_version_id", "=", "referentiel_versions.id")
        .where("dossiers.status", "=", "datadocke")
        .as("datadocke"),
    ])
    .where("referentiel_versions.status", "=", "published")
    .orderBy("referentiel_versions.published_at", "desc")
    .orderBy("referentiels.name")
    .execute();
  return rows.map((r) => ({ id: r.id, version: r.version, name: r.name, datadocke: Number(r.datadocke ?? 0) }));
}

/** The indicators of a version, in order, and the regions of its datadocké OFs with their counts. */
export async function campaignChoices(db: Executor, versionId: string) {
  const [indicators, regions] = await Promise.all([
    db.selectFrom("indicators").select(["id", "code", "title"]).where("version_id", "=", versionId).orderBy("position").execute(),
    db
      .selectFrom("dossiers")
      .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
      .select([sql<string>`coalesce(organisations.region, '')`.as("region"), sql<string>`count(distinct dossiers.organisation_id)`.as("n")])
      .where("dossiers.referentiel_version_id", "=", versionId)
      .where("dossiers.status", "=", "datadocke")
      .where("organisations.kind", "=", "of")
      .groupBy(sql`coalesce(organisations.region, '')`)
      .orderBy(sql`coalesce(organisations.region, '')`)
      .execute(),
  ]);
  return { indicators, regions: regions.map((r) => ({ region: r.region, count: Number(r.n) })) };
}

/** Organisation names by id (a preview shows who was drawn). */
export async function organisationNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("id", "in", [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
