import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { makeDossier, makeOrganisation, makeReferentiel } from "../../factories/records";
import { addLabel, labelChoices, labelsOn, listFunderLabels, ownLabelId, removeLabel } from "../../../domain/labels/funder-labels.service";
import { searchDirectory } from "../../../domain/organisations/directory.queries";
import { listQueue } from "../../../domain/examination/queue";
import type { Actor } from "../../../domain/permissions/actor";

/** A funder's own labels (issue 15.4): never seen nor used by another funder, the coordination or an OF. */
describe("funders' labels", () => {
  let t: TestDatabase;
  let adminA: Actor;
  let reviewerA: Actor;
  let adminB: Actor;
  let coordinator: Actor;
  let ofAdmin: Actor;
  let of: Awaited<ReturnType<typeof makeOrganisation>>;
  let other: Awaited<ReturnType<typeof makeOrganisation>>;
  let dossierId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 1 });
    const funderA = await makeOrganisation(t.db, "funder", ["funder_admin", "funder_reviewer"]);
    adminA = funderA.users[0]!.actor;
    reviewerA = funderA.users[1]!.actor;
    adminB = (await makeOrganisation(t.db, "funder", ["funder_admin"])).users[0]!.actor;
    coordinator = (await makeOrganisation(t.db, "coordination", ["coordinator"])).users[0]!.actor;
    of = await makeOrganisation(t.db, "of", ["of_admin"]);
    ofAdmin = of.users[0]!.actor;
    other = await makeOrganisation(t.db, "of", ["of_admin"]);
    dossierId = (await makeDossier(t.db, of, ref)).id;
    await makeDossier(t.db, other, ref);
  });
  afterAll(() => t?.close());

  it("a funder's staff share its labels; the same name in any case is one label", async () => {
    const label = await addLabel(t.db, adminA, { kind: "organisation", id: of.id }, "  À suivre ");
    expect(label.name).toBe("À suivre");
    const again = await addLabel(t.db, reviewerA, { kind: "dossier", id: dossierId }, "à SUIVRE");
    expect(again.id).toBe(label.id);
    expect(await listFunderLabels(t.db, reviewerA)).toEqual([label]);
    expect((await labelsOn(t.db, reviewerA, "organisation", [of.id, other.id]))[of.id]).toEqual([label]);
    expect((await labelsOn(t.db, adminA, "dossier", [dossierId]))[dossierId]).toEqual([label]);
    // The editor's one read: the funder's labels, and those on this target only.
    expect(await labelChoices(t.db, reviewerA, { kind: "organisation", id: of.id })).toEqual({ on: [label], all: [label] });
    expect(await labelChoices(t.db, reviewerA, { kind: "organisation", id: other.id })).toEqual({ on: [], all: [label] });
    expect(await labelChoices(t.db, adminA, { kind: "dossier", id: dossierId })).toEqual({ on: [label], all: [label] });
  });

  it("another funder, the coordination and the OF neither see nor use them", async () => {
    const [label] = await listFunderLabels(t.db, adminA);
    for (const outsider of [adminB, coordinator, ofAdmin]) {
      expect(await listFunderLabels(t.db, outsider)).toEqual([]);
      expect(await labelsOn(t.db, outsider, "organisation", [of.id])).toEqual({});
      expect(await labelsOn(t.db, outsider, "dossier", [dossierId])).toEqual({});
      // Funder B gets its own (empty) editor; the coordination and the OF get none.
      expect(await labelChoices(t.db, outsider, { kind: "dossier", id: dossierId })).toEqual(
        outsider === adminB ? { on: [], all: [] } : null,
      );
      expect(await ownLabelId(t.db, outsider, label!.id)).toBeUndefined();
    }
    // Funder B's own label of the same name is another label, and B cannot remove A's.
    const labelB = await addLabel(t.db, adminB, { kind: "organisation", id: of.id }, "À suivre");
    expect(labelB.id).not.toBe(label!.id);
    expect(await labelChoices(t.db, adminB, { kind: "organisation", id: of.id })).toEqual({ on: [labelB], all: [labelB] });
    expect((await labelsOn(t.db, adminA, "organisation", [of.id]))[of.id]).toEqual([label]);
    await expect(removeLabel(t.db, adminB, { kind: "organisation", id: of.id }, label!.id)).rejects.toMatchObject({ kind: "not_found" });
    for (const outsider of [coordinator, ofAdmin])
      await expect(addLabel(t.db, outsider, { kind: "organisation", id: of.id }, "x")).rejects.toMatchObject({ kind: "forbidden" });
  });

  it("the directory and the queue filter by a label; removing it takes the OF out of the filter", async () => {
    const [label] = await listFunderLabels(t.db, adminA);
    expect((await searchDirectory(t.db, { funderLabelId: label!.id })).rows.map((r) => r.id)).toEqual([of.id]);
    expect((await listQueue(t.db, { labelId: label!.id })).rows.map((r) => r.dossierId)).toEqual([dossierId]);
    await removeLabel(t.db, reviewerA, { kind: "organisation", id: of.id }, label!.id);
    expect((await searchDirectory(t.db, { funderLabelId: label!.id })).rows).toEqual([]);
  });

  it("refuses an empty or too long name, and a target that is not an OF or a dossier", async () => {
    await expect(addLabel(t.db, adminA, { kind: "organisation", id: of.id }, "   ")).rejects.toMatchObject({ kind: "validation" });
    await expect(addLabel(t.db, adminA, { kind: "organisation", id: of.id }, "x".repeat(61))).rejects.toMatchObject({ kind: "validation" });
    await expect(addLabel(t.db, adminA, { kind: "dossier", id: of.id }, "ok")).rejects.toMatchObject({ kind: "not_found" });
  });
});
