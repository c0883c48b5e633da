import { randomInt } from "node:crypto";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import type { Actor } from "../permissions/actor";
import { canRunControlCampaigns } from "../permissions/policy";
import { conflict, DomainError, forbidden, invalid, isDomainError, notFound } from "../errors";
import { hasForbiddenCharacters } from "../validation/fields";
import type { MessageKey } from "../i18n/translate";
import { openControl } from "../controls/controls.service";
import { logCoordinationAction } from "../coordination/coordination-log";
import { DRAW_ALGORITHM, MAX_SEED, populationFingerprint, stratifiedDraw, type StratumAllocation } from "./stratified-draw";
import { listCampaignPopulation, organisationNames } from "./campaign-population.queries";

/**
 * Control campaigns (issue 15.6, decision record 048): the coordination draws a share of
 * the datadocké OFs of one référentiel version, stratified by region, from a seed it may choose; previews
 * the draw; confirms it (the campaign, its population snapshot and its drawn OFs are recorded in one
 * transaction); then a control is opened on each drawn OF through `openControl`, one OF per transaction,
 * in batches bounded in time, so the OFs are told by the notification handler as for any control.
 */

export const NAME_MAX = 200;
export const REASON_MAX = 2000;
/** Regions a campaign may be narrowed to (France has 18; room for unusual spellings). */
const REGIONS_MAX = 60;
/** Drawn OFs a preview names (the rest are counted). */
export const PREVIEW_NAMES = 100;
const INSERT_CHUNK = 1000;

export interface CampaignParameters {
  name: string;
  reason: string;
  referentielVersionId: string;
  indicatorIds: string[];
  /** The share drawn, in basis points: 1 (0.01 %) … 10,000 (100 %). */
  percentBp: number;
  /** Regions the population is narrowed to ("" for "not given"); empty: every region. */
  regions: string[];
  /** 0 … 2^32 − 1; a preview without one draws a new one. */
  seed?: number;
}

export interface CampaignPreview {
  seed: number;
  populationSize: number;
  populationHash: string;
  total: number;
  strata: StratumAllocation[];
  /** The first PREVIEW_NAMES drawn OFs, by name. */
  drawn: { organisationId: string; name: string; region: string }[];
}

function cleanText(value: string, field: string, max: number): string {
  const clean = value?.trim() ?? "";
  if (!clean) throw invalid({ [field]: ["errors.required"] });
  if (clean.length > max) throw invalid({ [field]: ["errors.tooLong"] });
  if (hasForbiddenCharacters(clean)) throw invalid({ [field]: ["validation.text.controlCharacters"] });
  return clean;
}

/** The parameters, checked (every door calls this, not only the form): the version, its indicators, the share, the seed. */
async function checkedParameters(db: Executor, input: CampaignParameters) {
  const name = cleanText(input.name, "name", NAME_MAX);
  const reason = cleanText(input.reason, "reason", REASON_MAX);
  if (!Number.isInteger(input.percentBp) || input.percentBp < 1 || input.percentBp > 10_000) {
    throw invalid({ percent: ["campaigns.percentInvalid"] });
  }
  if (input.seed !== undefined && (!Number.isInteger(input.seed) || input.seed < 0 || input.seed > MAX_SEED)) {
    throw invalid({ seed: ["campaigns.seedInvalid"] });
  }
  const regions = [...new Set(input.regions.map((r) => r.trim()))].sort();
  if (regions.length > REGIONS_MAX || regions.some((r) => r.length > 100 || hasForbiddenCharacters(r))) {
    throw invalid({ regions: ["campaigns.regionInvalid"] });
  }
  const version = await db
    .selectFrom("referentiel_versions")
    .select("id")
    .where("id", "=", input.referentielVersionId)
    .where("status", "=", "published")
    .executeTakeFirst();
  if (!version) throw invalid({ referentielVersionId: ["campaigns.versionUnknown"] });
  const indicatorIds = [...new Set(input.indicatorIds)];
  if (indicatorIds.length === 0) throw invalid({ indicatorIds: ["controls.indicatorsRequired"] });
  const known = await db
    .selectFrom("indicators")
    .select("id")
    .where("version_id", "=", version.id)
    .where("id", "in", indicatorIds)
    .execute();
  if (known.length !== indicatorIds.length) throw invalid({ indicatorIds: ["controls.unknownIndicator"] });
  return { name, reason, versionId: version.id, indicatorIds, percentBp: input.percentBp, regions };
}

/** Draws from the population as it is now; refuses an empty population or an empty sample. */
async function drawNow(db: Executor, parameters: Awaited<ReturnType<typeof checkedParameters>>, seed: number) {
  const population = await listCampaignPopulation(db, parameters.versionId, parameters.regions);
  if (population.length === 0) throw new DomainError("conflict", "campaigns.emptyPopulation");
  const draw = stratifiedDraw(population, parameters.percentBp, seed);
  if (draw.total === 0) throw invalid({ percent: ["campaigns.emptyDraw"] }, "campaigns.emptyDraw");
  const dossierOf = new Map(population.map((p) => [p.organisationId, p.dossierId]));
  return { draw, dossierOf, fingerprint: populationFingerprint(draw.population) };
}

/** The draw the coordination would confirm: who, how many per region, from which seed. Writes nothing. */
export async function previewCampaign(db: Executor, actor: Actor, input: CampaignParameters): Promise<CampaignPreview> {
  if (!canRunControlCampaigns(actor)) throw forbidden();
  const parameters = await checkedParameters(db, input);
  const seed = input.seed ?? randomInt(0, MAX_SEED + 1);
  const { draw, fingerprint } = await drawNow(db, parameters, seed);
  const shown = draw.drawn.slice(0, PREVIEW_NAMES);
  const names = await organisationNames(
    db,
    shown.map((d) => d.organisationId),
  );
  return {
    seed,
    populationSize: draw.population.length,
    populationHash: fingerprint,
    total: draw.total,
    strata: draw.strata,
    drawn: shown.map((d) => ({ organisationId: d.organisationId, region: d.region, name: names.get(d.organisationId) ?? "" })),
  };
}

/**
 * Records a campaign: the parameters and seed, the population snapshot with each drawn OF's position, and
 * one pending member per drawn OF. `expectedPopulationHash` (from the preview): when the population
 * changed since (an OF datadocké or controlled meanwhile), the draw would not be the one previewed, so
 * it is refused and previewed again. Controls are opened afterwards (openCampaignControls).
 */
export async function createCampaign(
  db: Executor,
  actor: Actor,
  input: CampaignParameters & { seed: number; expectedPopulationHash?: string },
): Promise<{ id: string; drawn: number }> {
  if (!canRunControlCampaigns(actor)) throw forbidden();
  return inTransaction(db, async (trx) => {
    const parameters = await checkedParameters(trx, input);
    const { draw, dossierOf, fingerprint } = await drawNow(trx, parameters, input.seed);
    if (input.expectedPopulationHash !== undefined && input.expectedPopulationHash !== fingerprint) {
      throw conflict("campaigns.populationChanged");
    }
    const campaign = await trx
      .insertInto("control_campaigns")
      .values({
        name: parameters.name,
        reason: parameters.reason,
        referentiel_version_id: parameters.versionId,
        indicator_ids: parameters.indicatorIds,
        percent_bp: parameters.percentBp,
        regions: parameters.regions,
        seed: String(input.seed),
        algorithm: DRAW_ALGORITHM,
        population_size: draw.population.length,
        population_hash: fingerprint,
        drawn_count: draw.drawn.length,
        created_by: actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const position = new Map(draw.drawn.map((d, index) => [d.organisationId, index]));
    for (let i = 0; i < draw.population.length; i += INSERT_CHUNK) {
      await trx
        .insertInto("control_campaign_population")
        .values(
          draw.population.slice(i, i + INSERT_CHUNK).map((p) => ({
            campaign_id: campaign.id,
            organisation_id: p.organisationId,
            region: p.region,
            drawn_position: position.get(p.organisationId) ?? null,
          })),
        )
        .execute();
    }
    for (let i = 0; i < draw.drawn.length; i += INSERT_CHUNK) {
      await trx
        .insertInto("control_campaign_members")
        .values(
          draw.drawn.slice(i, i + INSERT_CHUNK).map((d) => ({
            campaign_id: campaign.id,
            organisation_id: d.organisationId,
            dossier_id: dossierOf.get(d.organisationId)!, // every drawn OF comes from the population
            region: d.region,
          })),
        )
        .execute();
    }
    await logCoordinationAction(trx, {
      actorId: actor.userId,
      action: "control_campaign.created",
      subjectId: campaign.id,
      payload: { name: parameters.name, seed: input.seed, population: draw.population.length, drawn: draw.drawn.length },
    });
    return { id: campaign.id, drawn: draw.drawn.length };
  });
}

/** Why a drawn OF got no control, as a message shown without parameters. */
function skipReason(error: DomainError): MessageKey {
  if (error.messageKey === "dossier.transition.invalid") return "campaigns.skip.notDatadocke";
  return Object.keys(error.params).length === 0 ? error.messageKey : "campaigns.skip.refused";
}

export interface OpeningOutcome {
  /** Controls opened by this call. */
  opened: number;
  /** Drawn OFs skipped by this call (their dossier could not be controlled any more). */
  skipped: number;
  /** Drawn OFs still waiting for their control (the time budget ran out). */
  pending: number;
}

/**
 * Opens the pending controls of a campaign, one drawn OF per transaction (the member is locked with
 * SKIP LOCKED, so two requests never open the same control), until none is left, `budgetMs` has run
 * out or `maxControls` were handled; calling it again goes on where it stopped. A dossier that can no
 * longer be controlled (no longer datadocké, changed meanwhile) is skipped with the domain's reason;
 * any other error stops the run and leaves the member pending.
 */
export async function openCampaignControls(
  db: Executor,
  actor: Actor,
  campaignId: string,
  options: { budgetMs?: number; maxControls?: number } = {},
): Promise<OpeningOutcome> {
  if (!canRunControlCampaigns(actor)) throw forbidden();
  const campaign = await db
    .selectFrom("control_campaigns")
    .select(["id", "reason", "indicator_ids"])
    .where("id", "=", campaignId)
    .executeTakeFirst();
  if (!campaign) throw notFound();
  const deadline = Date.now() + (options.budgetMs ?? 15_000);
  const max = options.maxControls ?? Number.POSITIVE_INFINITY;
  const outcome: OpeningOutcome = { opened: 0, skipped: 0, pending: 0 };
  const nextPending = (trx: Executor) =>
    trx
      .selectFrom("control_campaign_members")
      .select(["organisation_id", "dossier_id"])
      .where("campaign_id", "=", campaign.id)
      .where("state", "=", "pending")
      .orderBy("organisation_id")
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
  while (outcome.opened + outcome.skipped < max && Date.now() < deadline) {
    // Set when the domain refused this OF's control: its transaction rolls back, the skip is recorded after.
    const attempt: { refused: { organisationId: string; messageKey: string } | null } = { refused: null };
    const handled = await inTransaction(db, async (trx) => {
      const member = await nextPending(trx);
      if (!member) return false;
      try {
        await openControl(trx, actor, { dossierId: member.dossier_id, indicatorIds: campaign.indicator_ids, reason: campaign.reason });
      } catch (error) {
        if (isDomainError(error) && error.kind !== "forbidden") {
          attempt.refused = { organisationId: member.organisation_id, messageKey: skipReason(error) };
        }
        throw error;
      }
      const control = await trx
        .selectFrom("controls")
        .select("id")
        .where("dossier_id", "=", member.dossier_id)
        .orderBy("created_at", "desc")
        .limit(1)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable("control_campaign_members")
        .set({ state: "opened", control_id: control.id, updated_at: new Date() })
        .where("campaign_id", "=", campaign.id)
        .where("organisation_id", "=", member.organisation_id)
        .execute();
      return true;
    }).catch((error: unknown) => {
      if (attempt.refused) return attempt.refused;
      throw error;
    });
    if (handled === false) break;
    if (handled === true) {
      outcome.opened += 1;
      continue;
    }
    await db
      .updateTable("control_campaign_members")
      .set({ state: "skipped", skip_reason: handled.messageKey, updated_at: new Date() })
      .where("campaign_id", "=", campaign.id)
      .where("organisation_id", "=", handled.organisationId)
      .where("state", "=", "pending")
      .execute();
    outcome.skipped += 1;
  }
  const left = await db
    .selectFrom("control_campaign_members")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("campaign_id", "=", campaign.id)
    .where("state", "=", "pending")
    .executeTakeFirstOrThrow();
  outcome.pending = Number(left.n);
  return outcome;
}

export interface DrawVerification {
  /** Everything below holds. */
  matches: boolean;
  /** The draw's algorithm is the one this code runs. */
  algorithmKnown: boolean;
  /** The snapshot stored is the one fingerprinted when the campaign was created. */
  populationIntact: boolean;
  /** Replaying the draw from the seed over the snapshot gives the recorded OFs, in the recorded order. */
  drawReplayed: boolean;
  seed: number;
  populationSize: number;
  drawn: number;
}

/** "Vérifier le tirage": replays the recorded draw from its seed over its population snapshot. */
export async function verifyCampaignDraw(db: Executor, actor: Actor, campaignId: string): Promise<DrawVerification> {
  if (!canRunControlCampaigns(actor)) throw forbidden();
  const campaign = await db
    .selectFrom("control_campaigns")
    .select(["id", "seed", "percent_bp", "algorithm", "population_size", "population_hash"])
    .where("id", "=", campaignId)
    .executeTakeFirst();
  if (!campaign) throw notFound();
  const rows = await db
    .selectFrom("control_campaign_population")
    .select(["organisation_id", "region", "drawn_position"])
    .where("campaign_id", "=", campaign.id)
    .execute();
  const population = rows.map((r) => ({ organisationId: r.organisation_id, region: r.region }));
  const recorded = rows
    .filter((r) => r.drawn_position !== null)
    .sort((a, b) => a.drawn_position! - b.drawn_position!) // filtered just above
    .map((r) => r.organisation_id);
  const seed = Number(campaign.seed);
  const replayed = stratifiedDraw(population, campaign.percent_bp, seed).drawn.map((d) => d.organisationId);
  const algorithmKnown = campaign.algorithm === DRAW_ALGORITHM;
  const populationIntact = rows.length === campaign.population_size && populationFingerprint(population) === campaign.population_hash;
  const drawReplayed = algorithmKnown && replayed.length === recorded.length && replayed.every((id, i) => id === recorded[i]);
  return {
    matches: algorithmKnown && populationIntact && drawReplayed,
    algorithmKnown,
    populationIntact,
    drawReplayed,
    seed,
    populationSize: rows.length,
    drawn: recorded.length,
  };
}
