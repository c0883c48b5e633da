import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { makeDossier, makeOrganisation, makeReferentiel } from "../../factories/funder-journey";
import {
  createDraftFrom,
  editIndicatorWording,
  markIndicatorVerified,
  publishVersion,
  versionDetail,
} from "../../../domain/referentiels/referentiel-editing.service";
import { addCnefopLabel, funderUsersOverview, listCnefopLabels, setCnefopLabelActive } from "../../../domain/coordination/cnefop.service";
import type { Actor } from "../../../domain/permissions/actor";

describe("coordination", () => {
  let t: TestDatabase;
  let coordinator: Actor;
  let funderAdmin: Actor;

  beforeAll(async () => {
    t = await createTestDatabase();
    coordinator = (await makeOrganisation(t.db, "coordination", ["coordinator"])).users[0]!.actor;
    funderAdmin = (await makeOrganisation(t.db, "funder", ["funder_admin", "funder_reviewer"])).users[0]!.actor;
  });
  afterAll(() => t?.close());

  it("publishes a new référentiel version without touching dossiers filed under the older one", async () => {
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 2 });
    const of = await makeOrganisation(t.db, "of", ["of_admin"]);
    const dossier = await makeDossier(t.db, of, ref);
    const indicator = ref.indicators[0]!;
    await expect(editIndicatorWording(t.db, funderAdmin, indicator.id, "x")).rejects.toMatchObject({ kind: "forbidden" });
    await expect(editIndicatorWording(t.db, coordinator, indicator.id, "Nouveau libellé")).rejects.toMatchObject({ messageKey: "referentiels.frozen" });

    const draft = await createDraftFrom(t.db, coordinator, ref.versionId);
    expect(draft.version).toBe(2);
    await expect(createDraftFrom(t.db, coordinator, ref.versionId)).rejects.toMatchObject({ messageKey: "referentiels.draftExists" });
    const detail = await versionDetail(t.db, draft.id);
    expect(detail.editable).toBe(true);
    expect(detail.indicators.map((i) => i.code)).toEqual(["1.1", "1.2"]);
    await editIndicatorWording(t.db, coordinator, detail.indicators[0]!.id, "Nouveau libellé");
    await markIndicatorVerified(t.db, coordinator, detail.indicators[1]!.id, false);
    await publishVersion(t.db, coordinator, draft.id);
    await expect(publishVersion(t.db, coordinator, draft.id)).rejects.toMatchObject({ messageKey: "referentiels.notDraft" });

    const old = await t.db.selectFrom("indicators").select("title").where("id", "=", indicator.id).executeTakeFirstOrThrow();
    expect(old.title).toBe("Indicateur 1.1");
    const d = await t.db.selectFrom("dossiers").select("referentiel_version_id").where("id", "=", dossier.id).executeTakeFirstOrThrow();
    expect(d.referentiel_version_id).toBe(ref.versionId);
    const answers = await t.db.selectFrom("indicator_answers").select("indicator_id").where("dossier_id", "=", dossier.id).execute();
    expect(answers.map((a) => a.indicator_id).sort()).toEqual(ref.indicators.map((i) => i.id).sort());
    const published = await versionDetail(t.db, draft.id);
    expect(published.version.status).toBe("published");
    expect(published.indicators[0]!.title).toBe("Nouveau libellé");
    expect(published.indicators[1]!.verified).toBe(false);
  });

  it("manages the CNEFOP list (coordinators only)", async () => {
    await expect(addCnefopLabel(t.db, funderAdmin, "Label X")).rejects.toMatchObject({ kind: "forbidden" });
    const label = await addCnefopLabel(t.db, coordinator, "Label X");
    await expect(addCnefopLabel(t.db, coordinator, " Label X ")).rejects.toMatchObject({ messageKey: "cnefop.duplicate" });
    await setCnefopLabelActive(t.db, coordinator, label.id, false);
    expect((await listCnefopLabels(t.db)).find((l) => l.id === label.id)).toMatchObject({ active: false });
  });

  it("shows funders' users to coordinators only", async () => {
    await expect(funderUsersOverview(t.db, funderAdmin)).rejects.toMatchObject({ kind: "forbidden" });
    const rows = await funderUsersOverview(t.db, coordinator);
    expect(rows.map((r) => r.role).sort()).toEqual(["funder_admin", "funder_reviewer"]);
  });
});
