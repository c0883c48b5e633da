import type { Executor } from "../../db/executor";
import type { Actor } from "../permissions/actor";
import { canRunControlCampaigns } from "../permissions/policy";
import { forbidden } from "../errors";
import { campaignChoices, listCampaignVersions } from "./campaign-population.queries";
import {
  campaignProgress,
  campaignStrata,
  listCampaignMembers,
  listCampaignRows,
  type CampaignProgress,
} from "./campaign-progress.queries";

export const MEMBERS_PER_PAGE = 50;

/**
 * Everything the campaigns page shows: the versions to draw from (the chosen one's indicators and
 * regions), the campaigns with their progress and regions, and one page of a chosen campaign's drawn OFs.
 */
export async function campaignsPage(db: Executor, actor: Actor, params: { versionId?: string; campaignId?: string; page?: number }) {
  if (!canRunControlCampaigns(actor)) throw forbidden();
  const [versions, campaigns] = await Promise.all([listCampaignVersions(db), listCampaignRows(db, { limit: 50 })]);
  const version = versions.find((v) => v.id === params.versionId) ?? versions.find((v) => v.datadocke > 0) ?? versions[0] ?? null;
  const ids = campaigns.map((c) => c.id);
  const selected = campaigns.find((c) => c.id === params.campaignId) ?? null;
  const page = params.page ?? 1;
  const [choices, progress, strata, members] = await Promise.all([
    version ? campaignChoices(db, version.id) : Promise.resolve({ indicators: [], regions: [] }),
    campaignProgress(db, ids),
    campaignStrata(db, ids),
    selected ? listCampaignMembers(db, selected.id, { offset: (page - 1) * MEMBERS_PER_PAGE, limit: MEMBERS_PER_PAGE }) : null,
  ]);
  const empty: CampaignProgress = {
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
  return {
    versions,
    version,
    indicators: choices.indicators,
    regions: choices.regions,
    campaigns: campaigns.map((c) => ({
      ...c,
      progress: progress.get(c.id) ?? empty,
      strata: strata.filter((s) => s.campaignId === c.id),
    })),
    selected: selected && members ? { id: selected.id, name: selected.name, page, ...members } : null,
  };
}
