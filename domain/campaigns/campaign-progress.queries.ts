import { sql, type RawBuilder } from "kysely";
import type { Executor } from "../../db/executor";
import type { CampaignMemberState } from "../../db/schema";

/**
 * Where each control of a campaign stands, read from the dossier's own trace (dossier_events) after the
 * control was opened, so that no examination service needs to know about campaigns:
 * - answered: the OF resubmitted its dossier (it was sent back to complete, and answered);
 * - closed, with its outcome: the first status change after the control to datadocké (maintained),
 *   non conforme, or déréférencé (de-listed).
 * A read model: no authorization here; the campaigns service and the reporting call it after their checks.
 */

export type CampaignOutcome = "datadocke" | "non_conforme" | "dereference";

/** One row per drawn OF: its state in the campaign, whether the OF answered, and the control's outcome. */
function memberFacts(): RawBuilder<unknown> {
  return sql`(
    select m.campaign_id, m.organisation_id, m.region, m.state, m.skip_reason, m.dossier_id,
      (select e.payload->>'to' from dossier_events e
        where e.dossier_id = c.dossier_id and e.created_at >= c.created_at
          and e.payload->>'to' in ('datadocke', 'non_conforme', 'dereference')
        order by e.created_at, e.id limit 1) as outcome,
      (c.id is not null and exists (select 1 from dossier_events e
        where e.dossier_id = c.dossier_id and e.created_at >= c.created_at and e.kind = 'dossier.resubmitted')) as answered
    from control_campaign_members m
    left join controls c on c.id = m.control_id
  )`;
}

export interface CampaignProgress {
  drawn: number;
  pending: number;
  opened: number;
  skipped: number;
  answered: number;
  closed: number;
  maintained: number;
  nonConforme: number;
  deListed: number;
}

interface ProgressRow {
  campaign_id: string;
  drawn: number;
  pending: number;
  opened: number;
  skipped: number;
  answered: number;
  maintained: number;
  non_conforme: number;
  de_listed: number;
}

const EMPTY: CampaignProgress = {
  drawn: 0,
  pending: 0,
  opened: 0,
  skipped: 0,
  answered: 0,
  closed: 0,
  maintained: 0,
  nonConforme: 0,
  deListed: 0,
};

/** The progress of each campaign (its drawn OFs of `region` only, when given). */
export async function campaignProgress(
  db: Executor,
  campaignIds: readonly string[],
  region?: string,
): Promise<Map<string, CampaignProgress>> {
  if (campaignIds.length === 0) return new Map();
  const ids = sql.join(campaignIds.map((id) => sql`${id}::uuid`));
  const { rows } = await sql<ProgressRow>`
    select f.campaign_id,
      count(*)::int as drawn,
      (count(*) filter (where f.state = 'pending'))::int as pending,
      (count(*) filter (where f.state = 'opened'))::int as opened,
      (count(*) filter (where f.state = 'skipped'))::int as skipped,
      (count(*) filter (where f.answered))::int as answered,
      (count(*) filter (where f.outcome = 'datadocke'))::int as maintained,
      (count(*) filter (where f.outcome = 'non_conforme'))::int as non_conforme,
      (count(*) filter (where f.outcome = 'dereference'))::int as de_listed
    from ${memberFacts()} f
    where f.campaign_id in (${ids}) ${region === undefined ? sql`` : sql`and f.region = ${region}`}
    group by f.campaign_id
  `.execute(db);
  const result = new Map<string, CampaignProgress>();
  for (const id of campaignIds) result.set(id, { ...EMPTY });
  for (const r of rows) {
    const closed = r.maintained + r.non_conforme + r.de_listed;
    result.set(r.campaign_id, {
      drawn: r.drawn,
      pending: r.pending,
      opened: r.opened,
      skipped: r.skipped,
      answered: r.answered,
      closed,
      maintained: r.maintained,
      nonConforme: r.non_conforme,
      deListed: r.de_listed,
    });
  }
  return result;
}

/** Campaigns, newest first, with their référentiel version and creator, optionally within a period. */
export async function listCampaignRows(db: Executor, filters: { from?: Date; to?: Date; referentielId?: string; limit?: number } = {}) {
  let query = db
    .selectFrom("control_campaigns")
    .innerJoin("referentiel_versions", "referentiel_versions.id", "control_campaigns.referentiel_version_id")
    .innerJoin("referentiels", "referentiels.id", "referentiel_versions.referentiel_id")
    .leftJoin("users", "users.id", "control_campaigns.created_by")
    .select([
      "control_campaigns.id",
      "control_campaigns.name",
      "control_campaigns.reason",
      "control_campaigns.percent_bp as percentBp",
      "control_campaigns.regions",
      "control_campaigns.seed",
      "control_campaigns.algorithm",
      "control_campaigns.population_size as populationSize",
      "control_campaigns.population_hash as populationHash",
      "control_campaigns.drawn_count as drawnCount",
      "control_campaigns.indicator_ids as indicatorIds",
      "control_campaigns.created_at as createdAt",
      "referentiels.name as referentielName",
      "referentiel_versions.version as version",
      "users.full_name as createdByName",
      sql<string[]>`array(select i.code from indicators i where i.id = any(control_campaigns.indicator_ids) order by i.position)`.as(
        "indicatorCodes",
      ),
    ])
    .orderBy("control_campaigns.created_at", "desc")
    .orderBy("control_campaigns.id");
  if (filters.from) query = query.where("control_campaigns.created_at", ">=", filters.from);
  if (filters.to) query = query.where("control_campaigns.created_at", "<", filters.to);
  if (filters.referentielId) query = query.where("referentiels.id", "=", filters.referentielId);
  return query.limit(filters.limit ?? 100).execute();
}

/** Per campaign and region: the population drawn from and how many were drawn. */
export async function campaignStrata(db: Executor, campaignIds: readonly string[]) {
  if (campaignIds.length === 0) return [];
  const rows = await db
    .selectFrom("control_campaign_population")
    .select(["campaign_id as campaignId", "region", sql<string>`count(*)`.as("population"), sql<string>`count(drawn_position)`.as("drawn")])
    .where("campaign_id", "in", [...campaignIds])
    .groupBy(["campaign_id", "region"])
    .orderBy("campaign_id")
    .orderBy("region")
    .execute();
  return rows.map((r) => ({ campaignId: r.campaignId, region: r.region, population: Number(r.population), drawn: Number(r.drawn) }));
}

export interface CampaignMemberRow {
  organisationId: string;
  name: string;
  region: string;
  state: CampaignMemberState;
  skipReason: string | null;
  outcome: CampaignOutcome | null;
  answered: boolean;
}

/** One page of a campaign's drawn OFs, by name, and how many there are. */
export async function listCampaignMembers(
  db: Executor,
  campaignId: string,
  page: { offset: number; limit: number },
): Promise<{ rows: CampaignMemberRow[]; total: number }> {
  const [{ rows }, count] = await Promise.all([
    sql<CampaignMemberRow>`
      select f.organisation_id as "organisationId", o.name, f.region, f.state, f.skip_reason as "skipReason",
        f.outcome, coalesce(f.answered, false) as answered
      from ${memberFacts()} f
      join organisations o on o.id = f.organisation_id
      where f.campaign_id = ${campaignId}::uuid
      order by o.name, f.organisation_id
      limit ${page.limit} offset ${page.offset}
    `.execute(db),
    db
      .selectFrom("control_campaign_members")
      .select(sql<string>`count(*)`.as("n"))
      .where("campaign_id", "=", campaignId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/**
 * The reporting's view (issue 15.6): the campaigns created in the period (of the référentiel, when
 * filtered) with their progress and outcomes, counting only the drawn OFs of the region when filtered.
 */
export async function campaignsReport(
  db: Executor,
  filters: { from: Date; to: Date; region?: string; referentielId?: string },
): Promise<({ id: string; name: string; createdAt: Date } & CampaignProgress)[]> {
  const rows = await listCampaignRows(db, { from: filters.from, to: filters.to, referentielId: filters.referentielId, limit: 50 });
  const progress = await campaignProgress(
    db,
    rows.map((r) => r.id),
    filters.region,
  );
  return rows
    .map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt, ...(progress.get(r.id) ?? EMPTY) }))
    .filter((r) => filters.region === undefined || r.drawn > 0);
}
