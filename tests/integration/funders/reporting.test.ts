import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { makeDossier, makeOrganisation, makeReferentiel } from "../../factories/records";
import { dashboard } from "../../../domain/reporting/reporting.queries";

describe("reporting", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.close());

  it("computes the dashboard figures with filters", async () => {
    const ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 2 });
    const funder = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
    const examiner = funder.users[0]!;
    const day = 86_400_000;
    const mk = async (
      region: string,
      status: "soumis" | "datadocke" | "non_conforme",
      submittedDaysAgo: number,
      decideAfterDays?: number,
    ) => {
      const of = await makeOrganisation(t.db, "of", ["of_admin"], { region });
      const d = await makeDossier(t.db, of, ref, {
        status,
        submittedDaysAgo,
        examinerId: decideAfterDays !== undefined ? examiner.id : null,
      });
      if (decideAfterDays !== undefined) {
        const decidedAt = new Date(Date.now() - submittedDaysAgo * day + decideAfterDays * day);
        await t.db.updateTable("dossiers").set({ decided_at: decidedAt }).where("id", "=", d.id).execute();
        await t.db
          .insertInto("indicator_reviews")
          .values(
            ref.indicators.map((i, n) => ({
              dossier_id: d.id,
              indicator_id: i.id,
              decision: status === "non_conforme" && n === 0 ? ("non_conforme" as const) : ("valide" as const),
              reason: status === "non_conforme" && n === 0 ? "Non" : null,
              decided_by: examiner.id,
              decided_at: decidedAt,
            })),
          )
          .execute();
      }
    };
    await mk("Bretagne", "datadocke", 20, 4);
    await mk("Bretagne", "datadocke", 15, 6);
    await mk("Occitanie", "non_conforme", 12, 10);
    await mk("Occitanie", "soumis", 40);
    await mk("Bretagne", "soumis", 2);

    const f = { from: new Date(Date.now() - 60 * day), to: new Date(Date.now() + day) };
    const all = await dashboard(t.db, f);
    expect(all.byStatus).toEqual([
      { status: "datadocke", count: 2 },
      { status: "non_conforme", count: 1 },
      { status: "soumis", count: 2 },
    ]);
    expect(all.byRegion).toEqual([
      { region: "Bretagne", total: 3, datadocke: 2 },
      { region: "Occitanie", total: 2, datadocke: 0 },
    ]);
    expect(all.median).toBe(6);
    expect(all.weeks.reduce((s, w) => s + w.submissions, 0)).toBe(5);
    expect(all.weeks.reduce((s, w) => s + w.decisions, 0)).toBe(3);
    expect(all.rejection.find((r) => r.code === "1.1")).toMatchObject({ total: 3, rejected: 1 });
    expect(all.rejection.find((r) => r.code === "1.2")).toMatchObject({ total: 3, rejected: 0 });
    expect(all.backlog).toEqual([
      { bucket: "0-7", count: 1 },
      { bucket: "7-30", count: 0 },
      { bucket: "30-90", count: 1 },
      { bucket: "90+", count: 0 },
    ]);
    expect(all.throughput).toEqual([{ examinerId: examiner.id, name: examiner.actor.fullName, closed: 3, datadocke: 2 }]);

    const bzh = await dashboard(t.db, { ...f, region: "Bretagne" });
    expect(bzh.median).toBe(5);
    expect(bzh.backlog.map((b) => b.count)).toEqual([1, 0, 0, 0]);
    const otherFunder = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
    expect((await dashboard(t.db, { ...f, funderId: otherFunder.id })).throughput).toEqual([]);
  });
});
