import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { startTestDispatcher } from "../../setup/event-dispatcher";
import {
  makeDossier,
  makeOrganisation,
  makeReferentiel,
  memoryMailer,
  type MadeOrganisation,
  type MadeReferentiel,
} from "../../factories/records";
import type { Actor } from "../../../domain/permissions/actor";
import type { DossierTransition, TransitionSide } from "../../../domain/dossiers/status-machine";
import type { EventDispatcher } from "../../../server/events/dispatcher";
import { inTransaction } from "../../../db/transaction";
import { applyStatusChange, lockDossier } from "../../../domain/examination/status-change";
import { dereference } from "../../../domain/controls/controls.service";
import { allocate } from "../../../domain/campaigns/stratified-draw";
import { createCampaign, openCampaignControls, previewCampaign, verifyCampaignDraw } from "../../../domain/campaigns/campaigns.service";
import * as campaignsRoute from "../../../app/routes/coordination.campagnes";
import * as reportsRoute from "../../../app/routes/financeur.rapports";
import * as reportsCsvRoute from "../../../app/routes/financeur.rapports[.]csv";

/**
 * Control campaigns (issue 15.6) end to end through the page's loader and action: preview a stratified
 * draw, confirm it, controls opened through openControl (the OFs told by the dispatcher), the draw
 * verified from its seed, progress and outcomes in the reporting; and who may do it.
 */
let t: TestDatabase;
let events: EventDispatcher;
let ref: MadeReferentiel;
let coordinator: Actor;
let funderAdmin: Actor;
let reviewer: Actor;
let ofAdmin: Actor;
const mailer = memoryMailer();
/** The datadocké OFs of `ref`, by region ("" for none). */
const population = new Map<string, MadeOrganisation[]>();

const REGIONS: Record<string, number> = { Bretagne: 10, Occitanie: 6, "Grand Est": 4, "": 1 };

beforeAll(async () => {
  t = await createTestDatabase();
  ref = await makeReferentiel(t.db, { criteria: 2, perCriterion: 2 });
  coordinator = (await makeOrganisation(t.db, "coordination", ["coordinator"])).users[0]!.actor;
  const funder = await makeOrganisation(t.db, "funder", ["funder_admin", "funder_reviewer"]);
  funderAdmin = funder.users[0]!.actor;
  reviewer = funder.users[1]!.actor;
  for (const [region, n] of Object.entries(REGIONS)) {
    const ofs: MadeOrganisation[] = [];
    for (let i = 0; i < n; i++) {
      const of = await makeOrganisation(t.db, "of", ["of_admin"], { region: region || "Bretagne" });
      if (!region) await t.db.updateTable("organisations").set({ region: null }).where("id", "=", of.id).execute();
      await makeDossier(t.db, of, ref, { status: "datadocke" });
      ofs.push(of);
    }
    population.set(region, ofs);
  }
  // Outside the population: a dossier still examined, and a datadocké OF of another référentiel.
  const examined = await makeOrganisation(t.db, "of", ["of_admin"], { region: "Bretagne" });
  ofAdmin = examined.users[0]!.actor;
  await makeDossier(t.db, examined, ref, { status: "en_examen" });
  await makeDossier(t.db, await makeOrganisation(t.db, "of", ["of_admin"]), await makeReferentiel(t.db), { status: "datadocke" });
  events = await startTestDispatcher(t.db, { mailer });
});
afterAll(async () => {
  await events?.stop();
  await t?.close();
});

type Form = Record<string, string | string[]>;

/** Calls a route's loader or action as Remix would; a thrown response is returned. */
async function call(
  fn: (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown,
  actor: Actor | null,
  options: { form?: Form; path?: string } = {},
): Promise<unknown> {
  let init: RequestInit | undefined;
  if (options.form) {
    const body = new FormData();
    for (const [name, value] of Object.entries(options.form)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    init = { method: "POST", body };
  }
  const request = new Request(`http://localhost${options.path ?? "/coordination/campagnes"}`, init);
  try {
    return await fn({ request, params: {}, context: testLoadContext({ db: t.db, actor }) } as LoaderFunctionArgs & ActionFunctionArgs);
  } catch (thrown) {
    return thrown;
  }
}

/** A reply's body and status (`data()` wraps a status; a plain object is a 200). */
function unwrap(value: unknown): { status: number; body: Record<string, any> } {
  if (value instanceof Response) return { status: value.status, body: {} };
  const wrapped = value as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (wrapped?.type === "DataWithResponseInit") return { status: wrapped.init?.status ?? 200, body: wrapped.data as Record<string, any> };
  return { status: 200, body: value as Record<string, any> };
}

/** Moves a dossier as the examination services do (same trace: applyStatusChange writes the dossier event). */
async function move(dossierId: string, action: DossierTransition, side: TransitionSide, actorId: string, eventKind: string) {
  await inTransaction(t.db, async (trx) => {
    const dossier = await lockDossier(trx, dossierId);
    await applyStatusChange(trx, { dossier, action, side, actorId, eventKind, decided: action !== "send_back" && action !== "submit" });
  });
}

const dossierOf = async (organisationId: string) =>
  t.db
    .selectFrom("dossiers")
    .select(["id", "status"])
    .where("organisation_id", "=", organisationId)
    .where("referentiel_version_id", "=", ref.versionId)
    .executeTakeFirstOrThrow();

describe("control campaigns through the coordination page", () => {
  let campaignId: string;
  let drawnIds: string[];

  it("previews a stratified draw (the same for the same seed, nothing written), then confirms it: a control opened per drawn OF, the OFs told", async () => {
    const indicatorIds = [ref.indicators[0]!.id, ref.indicators[2]!.id];
    const form: Form = {
      intent: "preview",
      name: "Campagne de printemps",
      reason: "Contrôle aléatoire annuel",
      referentielVersionId: ref.versionId,
      indicatorIds,
      percent: "25",
      seed: "20260401",
    };
    const first = unwrap(await call(campaignsRoute.action, coordinator, { form }));
    expect(first.status).toBe(200);
    const preview = first.body.preview;
    // 25 % of 21 = 5.25 → 5, shared by the largest remainder: Bretagne 10 → 2.38, Occitanie 6 → 1.43, Grand Est 4 → 0.95, none 1 → 0.24.
    expect(preview).toMatchObject({ seed: 20260401, populationSize: 21, total: 5 });
    expect(preview.strata).toEqual(
      allocate(
        [
          { region: "", population: 1 },
          { region: "Bretagne", population: 10 },
          { region: "Grand Est", population: 4 },
          { region: "Occitanie", population: 6 },
        ],
        5,
      ),
    );
    expect(preview.strata.map((s: { drawn: number }) => s.drawn)).toEqual([0, 2, 1, 2]);
    const again = unwrap(await call(campaignsRoute.action, coordinator, { form }));
    expect(again.body.preview.drawn).toEqual(preview.drawn);
    expect(await t.db.selectFrom("control_campaigns").select("id").execute()).toEqual([]);
    expect(await t.db.selectFrom("controls").select("id").execute()).toEqual([]);

    const p = preview.parameters;
    const confirmed = await call(campaignsRoute.action, coordinator, {
      form: {
        intent: "confirm",
        name: p.name,
        reason: p.reason,
        referentielVersionId: p.referentielVersionId,
        indicatorIds: p.indicatorIds,
        percent: p.percent,
        seed: String(preview.seed),
        populationHash: preview.populationHash,
      },
    });
    expect(confirmed).toBeInstanceOf(Response);
    expect((confirmed as Response).status).toBe(302);
    const campaign = await t.db.selectFrom("control_campaigns").selectAll().executeTakeFirstOrThrow();
    campaignId = campaign.id;
    expect((confirmed as Response).headers.get("location")).toBe(`/coordination/campagnes?campagne=${campaign.id}#campagne-${campaign.id}`);
    expect(campaign).toMatchObject({ seed: "20260401", percent_bp: 2500, population_size: 21, drawn_count: 5, regions: [] });
    expect([...campaign.indicator_ids].sort()).toEqual([...indicatorIds].sort());

    const members = await t.db.selectFrom("control_campaign_members").selectAll().where("campaign_id", "=", campaign.id).execute();
    drawnIds = members.map((m) => m.organisation_id);
    expect(members.map((m) => m.state)).toEqual(["opened", "opened", "opened", "opened", "opened"]);
    expect(new Set(drawnIds)).toEqual(new Set(preview.drawn.map((d: { organisationId: string }) => d.organisationId)));
    const controls = await t.db.selectFrom("controls").selectAll().execute();
    expect(controls).toHaveLength(5);
    for (const control of controls) {
      expect(control).toMatchObject({ reason: "Contrôle aléatoire annuel", opened_by: coordinator.userId });
      expect([...control.indicator_ids].sort()).toEqual([...indicatorIds].sort());
    }
    for (const id of drawnIds) expect((await dossierOf(id)).status).toBe("en_examen");
    // The OFs are told by the notification handler, as for any control (decision 030).
    const told = await t.db
      .selectFrom("notifications")
      .innerJoin("memberships", "memberships.user_id", "notifications.user_id")
      .select("memberships.organisation_id")
      .where("notifications.kind", "=", "control.opened")
      .execute();
    expect(told.map((n) => n.organisation_id).sort()).toEqual([...drawnIds].sort());
    expect(mailer.sent.filter((m) => m.subject === "Datadock : un contrôle est ouvert sur votre dossier")).toHaveLength(5);
    expect(mailer.sent[0]!.text).toContain("Contrôle aléatoire annuel");
  });

  it("verifies the draw from its seed, and says so when the recorded population was altered", async () => {
    const ok = unwrap(await call(campaignsRoute.action, coordinator, { form: { intent: "verify", campaignId } }));
    expect(ok.body.verification).toMatchObject({
      campaignId,
      matches: true,
      populationIntact: true,
      drawReplayed: true,
      seed: 20260401,
      populationSize: 21,
      drawn: 5,
    });
    const notDrawn = await t.db
      .selectFrom("control_campaign_population")
      .select("organisation_id")
      .where("campaign_id", "=", campaignId)
      .where("drawn_position", "is", null)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable("control_campaign_population")
      .set({ region: "Normandie" })
      .where("campaign_id", "=", campaignId)
      .where("organisation_id", "=", notDrawn.organisation_id)
      .execute();
    expect(await verifyCampaignDraw(t.db, coordinator, campaignId)).toMatchObject({ matches: false, populationIntact: false });
    await t.db
      .updateTable("control_campaign_population")
      .set({
        region:
          (await t.db.selectFrom("organisations").select("region").where("id", "=", notDrawn.organisation_id).executeTakeFirstOrThrow())
            .region ?? "",
      })
      .where("campaign_id", "=", campaignId)
      .where("organisation_id", "=", notDrawn.organisation_id)
      .execute();
    expect((await verifyCampaignDraw(t.db, coordinator, campaignId)).matches).toBe(true);
  });

  it("follows the controls to their outcomes, on the page and in the reporting (page and CSV)", async () => {
    const [a, b, c] = drawnIds as [string, string, string];
    // a: de-listed by a funder admin (the real service). b: sent back, the OF answered, maintained. c: closed non conforme.
    await dereference(t.db, funderAdmin, { dossierId: (await dossierOf(a)).id, reason: "Manquements graves constatés" });
    const db = (await dossierOf(b)).id;
    await move(db, "send_back", "funder", reviewer.userId, "examination.sent_back");
    await move(db, "submit", "of", reviewer.userId, "dossier.resubmitted");
    await move(db, "take", "funder", reviewer.userId, "examination.taken");
    await move(db, "declare_datadocke", "funder", reviewer.userId, "examination.datadocke");
    await move((await dossierOf(c)).id, "close_non_conforme", "funder", reviewer.userId, "examination.non_conforme");

    const page = unwrap(await call(campaignsRoute.loader, coordinator, { path: `/coordination/campagnes?campagne=${campaignId}` }));
    const shown = page.body.campaigns.find((x: { id: string }) => x.id === campaignId);
    const expected = { drawn: 5, pending: 0, opened: 5, skipped: 0, answered: 1, closed: 3, maintained: 1, nonConforme: 1, deListed: 1 };
    expect(shown.progress).toEqual(expected);
    expect(shown.indicatorCodes).toEqual(["1.1", "2.1"]);
    expect(page.body.selected.total).toBe(5);
    const byId = new Map(page.body.selected.rows.map((r: { organisationId: string }) => [r.organisationId, r]));
    expect(byId.get(a)).toMatchObject({ state: "opened", outcome: "dereference", answered: false });
    expect(byId.get(b)).toMatchObject({ state: "opened", outcome: "datadocke", answered: true });
    expect(byId.get(c)).toMatchObject({ state: "opened", outcome: "non_conforme" });

    // Reporting: the funders' and the coordination's reports page, and its CSV.
    for (const actor of [coordinator, reviewer]) {
      const report = unwrap(await call(reportsRoute.loader, actor, { path: "/financeur/rapports" }));
      expect(report.body.campaigns).toEqual([expect.objectContaining({ id: campaignId, name: "Campagne de printemps", ...expected })]);
    }
    const region = "Occitanie";
    const inRegion = drawnIds.filter((id) => population.get(region)!.some((o) => o.id === id)).length;
    const filtered = unwrap(
      await call(reportsRoute.loader, reviewer, { path: `/financeur/rapports?region=${encodeURIComponent(region)}` }),
    );
    expect(filtered.body.campaigns.map((r: { drawn: number }) => r.drawn)).toEqual([inRegion]);
    const csv = (await call(reportsCsvRoute.loader, reviewer, { path: "/financeur/rapports.csv?table=campaigns" })) as Response;
    const lines = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("campagne;creee_le;tires;ouverts;ecartes;reponses;clos;maintenus;non_conformes;dereferences");
    expect(lines[1]).toMatch(/^Campagne de printemps;[^;]+;5;5;0;1;3;1;1;1$/);
  });

  it("refuses a confirmation when the population changed since the preview, and shares that give nobody", async () => {
    const base: Form = {
      name: "Campagne d'été",
      reason: "Contrôle aléatoire",
      referentielVersionId: ref.versionId,
      indicatorIds: [ref.indicators[1]!.id],
      percent: "10",
    };
    const preview = unwrap(await call(campaignsRoute.action, coordinator, { form: { ...base, intent: "preview" } })).body.preview;
    expect(preview.seed).toBeGreaterThanOrEqual(0); // none given: drawn at random, shown
    // One more OF became datadocké meanwhile.
    const late = await makeOrganisation(t.db, "of", ["of_admin"], { region: "Occitanie" });
    await makeDossier(t.db, late, ref, { status: "datadocke" });
    const refused = unwrap(
      await call(campaignsRoute.action, coordinator, {
        form: { ...base, intent: "confirm", seed: String(preview.seed), populationHash: preview.populationHash },
      }),
    );
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ form: "preview", refusedWith: "campaigns.populationChanged" });
    const tiny = unwrap(await call(campaignsRoute.action, coordinator, { form: { ...base, intent: "preview", percent: "0,5" } }));
    expect(tiny.status).toBe(400);
    expect(tiny.body.result.error.percent).toEqual(["campaigns.emptyDraw"]);
    const bad = unwrap(
      await call(campaignsRoute.action, coordinator, { form: { ...base, intent: "preview", percent: "150", seed: "99999999999" } }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.result.error).toMatchObject({ percent: ["campaigns.percentInvalid"], seed: ["campaigns.seedInvalid"] });
    expect(await t.db.selectFrom("control_campaigns").select("id").execute()).toHaveLength(1);
  });

  it("draws only in the regions chosen, the region not given included", async () => {
    const preview = await previewCampaign(t.db, coordinator, {
      name: "Grand Est et sans région",
      reason: "Contrôle ciblé",
      referentielVersionId: ref.versionId,
      indicatorIds: [ref.indicators[0]!.id],
      percentBp: 10_000,
      regions: ["Grand Est", ""],
      seed: 1,
    });
    // Grand Est's OFs still datadocké (the first campaign controlled some of them).
    let grandEst = 0;
    for (const o of population.get("Grand Est")!) if ((await dossierOf(o.id)).status === "datadocke") grandEst += 1;
    expect(preview.strata).toEqual([
      { region: "", population: 1, drawn: 1 },
      { region: "Grand Est", population: grandEst, drawn: grandEst },
    ]);
  });
});

describe("opening a campaign's controls in batches", () => {
  it("stops where asked, goes on through the page, skips a dossier no longer datadocké, and never opens a control twice", async () => {
    const ofs = population.get("Bretagne")!.map((o) => o.id);
    const remaining: string[] = [];
    for (const id of ofs) if ((await dossierOf(id)).status === "datadocke") remaining.push(id);
    const created = await createCampaign(t.db, coordinator, {
      name: "Bretagne entière",
      reason: "Contrôle régional",
      referentielVersionId: ref.versionId,
      indicatorIds: [ref.indicators[3]!.id],
      percentBp: 10_000,
      regions: ["Bretagne"],
      seed: 42,
    });
    expect(created.drawn).toBe(remaining.length);
    expect(await openCampaignControls(t.db, coordinator, created.id, { maxControls: 2 })).toEqual({
      opened: 2,
      skipped: 0,
      pending: remaining.length - 2,
    });
    // One pending OF's dossier is de-listed meanwhile: its control cannot be opened any more.
    const pending = await t.db
      .selectFrom("control_campaign_members")
      .select(["organisation_id", "dossier_id"])
      .where("campaign_id", "=", created.id)
      .where("state", "=", "pending")
      .orderBy("organisation_id", "desc")
      .executeTakeFirstOrThrow();
    await dereference(t.db, funderAdmin, { dossierId: pending.dossier_id, reason: "Fraude avérée" });

    const page = unwrap(await call(campaignsRoute.loader, coordinator));
    expect(page.body.campaigns.find((c: { id: string }) => c.id === created.id).progress.pending).toBe(remaining.length - 2);
    const resumed = await call(campaignsRoute.action, coordinator, { form: { intent: "resume", campaignId: created.id } });
    expect((resumed as Response).status).toBe(302);
    const members = await t.db.selectFrom("control_campaign_members").selectAll().where("campaign_id", "=", created.id).execute();
    expect(members.filter((m) => m.state === "opened")).toHaveLength(remaining.length - 1);
    expect(members.find((m) => m.organisation_id === pending.organisation_id)).toMatchObject({
      state: "skipped",
      skip_reason: "campaigns.skip.notDatadocke",
      control_id: null,
    });
    // Run again: nothing left, nothing opened twice.
    expect(await openCampaignControls(t.db, coordinator, created.id)).toEqual({ opened: 0, skipped: 0, pending: 0 });
    const controls = await t.db
      .selectFrom("controls")
      .select("dossier_id")
      .where(
        "dossier_id",
        "in",
        members.map((m) => m.dossier_id),
      )
      .where("reason", "=", "Contrôle régional")
      .execute();
    expect(controls).toHaveLength(remaining.length - 1);
  });

  it.runIf(process.env.DATABASE_URL)("two requests opening the same campaign at once open each control once (PostgreSQL)", async () => {
    const created = await createCampaign(t.db, coordinator, {
      name: "Occitanie entière",
      reason: "Contrôle concurrent",
      referentielVersionId: ref.versionId,
      indicatorIds: [ref.indicators[0]!.id],
      percentBp: 10_000,
      regions: ["Occitanie"],
      seed: 7,
    });
    const [one, two] = await Promise.all([
      openCampaignControls(t.db, coordinator, created.id),
      openCampaignControls(t.db, coordinator, created.id),
    ]);
    expect(one.opened + two.opened + one.skipped + two.skipped).toBe(created.drawn);
    const controls = await t.db.selectFrom("controls").select("dossier_id").where("reason", "=", "Contrôle concurrent").execute();
    expect(new Set(controls.map((c) => c.dossier_id)).size).toBe(controls.length);
    expect(controls.length + one.skipped + two.skipped).toBe(created.drawn);
  });
});

describe("who may run control campaigns", () => {
  it("the coordination only: funders and OFs get 403 from the loader and the action, anonymous goes to login, the services refuse", async () => {
    const form: Form = { intent: "verify", campaignId: "00000000-0000-4000-8000-000000000001" };
    for (const actor of [funderAdmin, reviewer, ofAdmin]) {
      expect(unwrap(await call(campaignsRoute.loader, actor)).status).toBe(403);
      expect(unwrap(await call(campaignsRoute.action, actor, { form })).status).toBe(403);
      await expect(verifyCampaignDraw(t.db, actor, "00000000-0000-4000-8000-000000000001")).rejects.toMatchObject({ kind: "forbidden" });
      await expect(
        previewCampaign(t.db, actor, {
          name: "x",
          reason: "x",
          referentielVersionId: ref.versionId,
          indicatorIds: [ref.indicators[0]!.id],
          percentBp: 100,
          regions: [],
        }),
      ).rejects.toMatchObject({ kind: "forbidden" });
      await expect(openCampaignControls(t.db, actor, "00000000-0000-4000-8000-000000000001")).rejects.toMatchObject({ kind: "forbidden" });
    }
    const anonymous = (await call(campaignsRoute.loader, null)) as Response;
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect(unwrap(await call(campaignsRoute.action, coordinator, { form })).status).toBe(404);
    expect(await call(campaignsRoute.loader, coordinator, { path: "/coordination/campagnes?campagne=1%20or%201=1" })).toMatchObject({
      kind: "validation",
    });
  });
});
