import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testLoadContext } from "../../setup/load-context";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createOf, createOrganisationWithUser } from "./fixtures";
import type { Actor } from "../../../domain/permissions/actor";
import { loadReferentiels } from "../../../db/seed/load-referentiels";
import { saveDescription } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import { openReferentielVersion } from "../../../domain/referentiels/open-referentiel.service";
import { carryOverOffer, startCarriedOverDossier } from "../../../domain/dossiers/carry-over.service";
import { listMappingsInto, removeMapping, saveMapping } from "../../../domain/referentiels/indicator-mappings.service";
import { isDomainError, type DomainError } from "../../../domain/errors";

/** Qualiopi prefilled from the 2017 dossier through the indicator mapping kept as data (issue 14.7). */
let t: TestDatabase;
let coordinator: Actor;
let qualiopiVersionId: string;

async function versionOf(key: string): Promise<string> {
  const row = await t.db
    .selectFrom("referentiel_versions as v")
    .innerJoin("referentiels as r", "r.id", "v.referentiel_id")
    .select("v.id")
    .where("r.key", "=", key)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  t = await createTestDatabase();
  await loadReferentiels(t.db);
  qualiopiVersionId = await versionOf("qualiopi-rnq");
  coordinator = (await createOrganisationWithUser(t.db, "coordination", "coordinator", "Coordination")).actor;
});
afterAll(() => t?.close());

describe("the mapping, as data", () => {
  it("is seeded once from the JSON, and the coordination edits it", async () => {
    const seeded = await listMappingsInto(t.db, qualiopiVersionId);
    expect(seeded.length).toBeGreaterThanOrEqual(21);
    expect(seeded.find((m) => m.fromCode === "1.1" && m.toCode === "6")).toMatchObject({ carryDescription: true, carryEvidence: true });

    const pair = seeded.find((m) => m.fromCode === "2.2" && m.toCode === "17")!;
    await removeMapping(t.db, coordinator, { toVersionId: qualiopiVersionId, mappingId: pair.id });
    await loadReferentiels(t.db); // the loader never restores what the coordination removed
    expect(
      (await listMappingsInto(t.db, qualiopiVersionId)).some((m) => m.id === pair.id || (m.fromCode === "2.2" && m.toCode === "17")),
    ).toBe(false);

    await saveMapping(t.db, coordinator, {
      toVersionId: qualiopiVersionId,
      fromIndicatorId: pair.fromIndicatorId,
      toIndicatorId: pair.toIndicatorId,
      carryDescription: true,
      carryEvidence: false,
    });
    const restored = (await listMappingsInto(t.db, qualiopiVersionId)).find((m) => m.fromCode === "2.2" && m.toCode === "17");
    expect(restored).toMatchObject({ carryDescription: true, carryEvidence: false });

    const of = await createOf(t.db, "Organisme curieux");
    expect((await rejection(removeMapping(t.db, of.actor, { toVersionId: qualiopiVersionId, mappingId: restored!.id }))).kind).toBe(
      "forbidden",
    );
  });
});

describe("starting the Qualiopi dossier", () => {
  it("prefills descriptions and evidence where the mapping says so, once the coordination opened Qualiopi", async () => {
    const of = await createOf(t.db, "Organisme 2017");
    await saveDescription(t.db, of, "1.1", "<p>Programme détaillé</p>");
    await addEvidence(t.db, of, "1.1", { kind: "link", url: "https://of.example/programme" });
    await saveDescription(t.db, of, "5.1", "<p>Offre en ligne</p>");
    await saveDescription(t.db, of, "5.2", "<p>Délais d'accès</p>");
    await saveDescription(t.db, of, "2.2", "<p>Locaux accessibles</p>");
    await addEvidence(t.db, of, "2.2", { kind: "link", url: "https://of.example/locaux" });
    const old = (await findOfDossier(t.db, of.organisationId))!;
    await t.db.updateTable("dossiers").set({ status: "datadocke", decided_at: new Date() }).where("id", "=", old.id).execute();

    // While the 2017 référentiel is the open one, nothing to start.
    expect(await carryOverOffer(t.db, of.organisationId)).toBeNull();
    await openReferentielVersion(t.db, coordinator, qualiopiVersionId);
    const offer = await carryOverOffer(t.db, of.organisationId);
    expect(offer).toMatchObject({ fromDossierId: old.id, toVersionId: qualiopiVersionId });

    const { dossierId } = await startCarriedOverDossier(t.db, of);
    const answers = await t.db
      .selectFrom("indicator_answers as a")
      .innerJoin("indicators as i", "i.id", "a.indicator_id")
      .select(["i.code", "a.id", "a.description"])
      .where("a.dossier_id", "=", dossierId)
      .execute();
    const byCode = new Map(answers.map((a) => [a.code, a]));
    expect(byCode.get("6")?.description).toBe("<p>Programme détaillé</p>");
    expect(byCode.get("1")?.description).toBe(
      "<p><strong>Repris de l'indicateur 5.1</strong></p><p>Offre en ligne</p><p><strong>Repris de l'indicateur 5.2</strong></p><p>Délais d'accès</p>",
    );
    const evidenceOf = async (code: string) =>
      (await t.db.selectFrom("evidence").select("url").where("answer_id", "=", byCode.get(code)!.id).execute()).map((e) => e.url);
    expect(await evidenceOf("6")).toEqual(["https://of.example/programme"]);
    // 2.2 → 17 carries the description only (the coordination said so above).
    expect(byCode.get("17")?.description).toBe("<p>Locaux accessibles</p>");
    expect(await evidenceOf("17")).toEqual([]);

    const current = (await findOfDossier(t.db, of.organisationId))!;
    expect(current).toMatchObject({ id: dossierId, status: "brouillon", referentiel_version_id: qualiopiVersionId });
    const kept = await t.db.selectFrom("dossiers").select("status").where("id", "=", old.id).executeTakeFirstOrThrow();
    expect(kept.status).toBe("datadocke");
    expect((await rejection(startCarriedOverDossier(t.db, of))).messageKey).toBe("carryOver.unavailable");
  });

  it("is refused to an OF that is not datadocké", async () => {
    const of = await createOf(t.db, "Organisme brouillon");
    await saveDescription(t.db, of, "1", "<p>x</p>"); // its dossier is filed under the open référentiel (Qualiopi by now)
    expect(await carryOverOffer(t.db, of.organisationId)).toBeNull();
    expect((await rejection(startCarriedOverDossier(t.db, of))).messageKey).toBe("carryOver.unavailable");
  });
});

describe("through the portal", () => {
  it("the coordination sees the mapping; the OF's admin starts the prefilled dossier from its home", async () => {
    const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
    const handle = createRequestHandler(build, "production");
    const get = (actor: Actor, path: string) => handle(new Request(`http://localhost${path}`), testLoadContext({ db: t.db, actor }));
    const page = await (await get(coordinator, `/coordination/referentiels/${qualiopiVersionId}`)).text();
    expect(page).toContain("Reprise depuis un autre référentiel");
    expect(page).toContain("Enregistrer la correspondance");

    const of = await createOf(t.db, "Organisme accueil");
    await t.db
      .insertInto("dossiers")
      .values({ organisation_id: of.organisationId, referentiel_version_id: await versionOf("datadock-2017"), status: "datadocke" })
      .execute();
    const home = await (await get(of.actor, "/organisme")).text();
    expect(home).toContain("Démarrer mon dossier prérempli");
    const started = await handle(
      new Request("http://localhost/organisme/reprise", { method: "POST", body: new URLSearchParams({}) }),
      testLoadContext({ db: t.db, actor: of.actor }),
    );
    expect(started.status).toBe(302);
    expect(started.headers.get("location")).toBe("/organisme/dossier");
    expect((await findOfDossier(t.db, of.organisationId))?.referentiel_version_id).toBe(qualiopiVersionId);
  });
});
