import { z } from "zod";
import type { Executor } from "../../db/executor";
import type { ActivityFilters, ActivityKind } from "./activity-filters";

/** One line of the coordinators' activity feed (also the payload pushed live to the Activité page). */
export interface ActivityItem {
  id: string;
  kind: ActivityKind;
  actorId: string | null;
  actorName: string;
  actorOrganisationId: string | null;
  actorOrganisationName: string;
  dossierId: string | null;
  organisationId: string | null;
  organisationName: string | null;
  indicatorCode: string | null;
  detail: string | null;
  createdAt: string;
}

/** What the portal or the live layer reports; the rest is looked up. */
export interface ActivityInput {
  kind: ActivityKind;
  /** Null when the caller does not know who acted (the name is shown alone). */
  actorId: string | null;
  actorName: string;
  /** The dossier concerned, or the OF organisation whose current dossier it is. */
  dossierId?: string | null;
  organisationId?: string | null;
  indicatorCode?: string | null;
  /** Resolved to its code when indicatorCode is absent. */
  indicatorId?: string | null;
  detail?: string | null;
}

const UUID = z.string().uuid();

/** Stores one activity event (after the change it reports was committed) and returns it as the feed shows it. */
export async function recordActivity(db: Executor, input: ActivityInput): Promise<ActivityItem> {
  let dossierId = input.dossierId ?? null;
  if (!dossierId && input.organisationId) {
    const latest = await db
      .selectFrom("dossiers")
      .select("id")
      .where("organisation_id", "=", input.organisationId)
      .orderBy("created_at", "desc")
      .limit(1)
      .executeTakeFirst();
    dossierId = latest?.id ?? null;
  }
  const dossier = dossierId
    ? await db
        .selectFrom("dossiers")
        .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
        .select(["dossiers.id", "dossiers.organisation_id", "organisations.name"])
        .where("dossiers.id", "=", dossierId)
        .executeTakeFirst()
    : undefined;
  const actorOrganisation = input.actorId
    ? await db
        .selectFrom("memberships")
        .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
        .select(["organisations.id", "organisations.name"])
        .where("memberships.user_id", "=", input.actorId)
        .orderBy("memberships.created_at")
        .limit(1)
        .executeTakeFirst()
    : undefined;
  let indicatorCode = input.indicatorCode ?? null;
  if (!indicatorCode && input.indicatorId && UUID.safeParse(input.indicatorId).success) {
    const indicator = await db.selectFrom("indicators").select("code").where("id", "=", input.indicatorId).executeTakeFirst();
    indicatorCode = indicator?.code ?? null;
  }
  const row = await db
    .insertInto("activity_events")
    .values({
      kind: input.kind,
      actor_id: input.actorId,
      actor_name: input.actorName,
      actor_organisation_id: actorOrganisation?.id ?? null,
      actor_organisation_name: actorOrganisation?.name ?? "",
      dossier_id: dossier?.id ?? null,
      organisation_id: dossier?.organisation_id ?? input.organisationId ?? null,
      organisation_name: dossier?.name ?? null,
      indicator_code: indicatorCode ? indicatorCode.slice(0, 40) : null,
      detail: input.detail ? input.detail.slice(0, 200) : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toItem(row);
}

/** The latest `limit` events matching the filters, newest first. */
export async function listActivity(db: Executor, filters: ActivityFilters, limit = 50): Promise<ActivityItem[]> {
  let query = db.selectFrom("activity_events").selectAll();
  if (filters.kind) query = query.where("kind", "=", filters.kind);
  if (filters.dossier) query = query.where("dossier_id", "=", filters.dossier);
  const organisation = filters.organisation;
  if (organisation)
    query = query.where((eb) => eb.or([eb("organisation_id", "=", organisation), eb("actor_organisation_id", "=", organisation)]));
  const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map(toItem);
}

/** Choices of the feed filters: funders and OFs by name, and the dossiers (named after their OF). */
export async function activityFilterOptions(db: Executor) {
  const organisations = await db
    .selectFrom("organisations")
    .select(["id", "name", "kind"])
    .where("kind", "in", ["funder", "of"])
    .orderBy("kind")
    .orderBy("name")
    .execute();
  const dossiers = await db
    .selectFrom("dossiers")
    .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
    .select(["dossiers.id", "organisations.name", "dossiers.created_at"])
    .orderBy("organisations.name")
    .orderBy("dossiers.created_at", "desc")
    .execute();
  return {
    funders: organisations.filter((o) => o.kind === "funder").map(({ id, name }) => ({ id, name })),
    organisations: organisations.filter((o) => o.kind === "of").map(({ id, name }) => ({ id, name })),
    dossiers: dossiers.map(({ id, name }) => ({ id, name })),
  };
}

function toItem(row: {
  id: string;
  kind: ActivityKind;
  actor_id: string | null;
  actor_name: string;
  actor_organisation_id: string | null;
  actor_organisation_name: string;
  dossier_id: string | null;
  organisation_id: string | null;
  organisation_name: string | null;
  indicator_code: string | null;
  detail: string | null;
  created_at: Date;
}): ActivityItem {
  return {
    id: String(row.id),
    kind: row.kind,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorOrganisationId: row.actor_organisation_id,
    actorOrganisationName: row.actor_organisation_name,
    dossierId: row.dossier_id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    indicatorCode: row.indicator_code,
    detail: row.detail,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
