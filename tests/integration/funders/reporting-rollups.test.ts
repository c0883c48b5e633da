import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { makeDossier, makeOrganisation, makeReferentiel, type MadeOrganisation, type MadeReferentiel } from "../../factories/records";
import { createOf, createReferentiel, fakeFile } from "../of-dossiers/fixtures";
import { dashboard, type ReportFilters } from "../../../domain/reporting/reporting.queries";
import { directDashboard } from "../../../domain/reporting/reporting-direct.queries";
import { splitDays, splitWeeks } from "../../../domain/reporting/report-period";
import { assignDossier, takeDossier } from "../../../domain/examination/take";
import { decideIndicator } from "../../../domain/examination/decision";
import { closeExamination } from "../../../domain/examination/close";
import { saveDescription, setNotApplicable } from "../../../domain/dossiers/answers.service";
import { addEvidence } from "../../../domain/dossiers/evidence.service";
import { submitDossier } from "../../../domain/dossiers/submission.service";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import type { OfScope } from "../../../domain/dossiers/of-scope";

/**
 * The reporting rollups (decision record 013) against a direct computation from the base tables,
 * after every kind of write: bulk inserts with past dates, live decisions, re-decisions, closing,
 * resubmission, reassignment, region and membership changes, deletions and truncation; for many
 * filter combinations and periods cutting weeks and days anywhere. Also: the incremental rollups
 * equal a rebuild from scratch.
 */
const DAY = 86_400_000;
const ROLLUPS = [
  "report_status_counts",
  "report_dossier_weeks",
  "report_review_weeks",
  "report_review_weeks_all",
  "report_review_days",
] as const;

describe("reporting rollups", () => {
  let t: TestDatabase;
  let ref: MadeReferentiel;
  let openRef: { referentielId: string; versionId: string };
  let funderA: MadeOrganisation;
  let funderB: MadeOrganisation;

  beforeAll(async () => {
    t = await createTestDatabase();
    ref = await makeReferentiel(t.db, { criteria: 2, perCriterion: 2 });
    funderA = await makeOrganisation(t.db, "funder", ["funder_reviewer", "funder_admin"]);
    funderB = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
  });
  afterAll(() => t?.close());

  function periods(): { from: Date; to: Date }[] {
    const now = Date.now();
    const utcMidnight = (daysAgo: number) => new Date(new Date(now - daysAgo * DAY).toISOString().slice(0, 10));
    return [
      { from: new Date(now - 365 * DAY), to: new Date(now + DAY) }, // the page's default
      { from: utcMidnight(730), to: utcMidnight(-1) }, // dates from the form
      { from: new Date(now - 40 * DAY - 3_600_000), to: new Date(now - 9 * DAY + 7_200_000) },
      { from: new Date(now - 3 * DAY), to: new Date(now + 3_600_000) },
      { from: new Date(now - 5 * 3_600_000), to: new Date(now + 60_000) }, // within a day
      { from: new Date(now + DAY), to: new Date(now - DAY) }, // empty
    ];
  }

  async function filterSets(): Promise<ReportFilters[]> {
    const sets: ReportFilters[] = [];
    for (const p of periods()) {
      sets.push(
        p,
        { ...p, region: "Bretagne" },
        { ...p, region: "Occitanie", referentielId: ref.referentielId },
        { ...p, referentielId: openRef?.referentielId ?? ref.referentielId },
        { ...p, funderId: funderA.id },
        { ...p, funderId: funderB.id, region: "Bretagne" },
        { ...p, funderId: funderA.id, region: "Occitanie", referentielId: ref.referentielId },
      );
    }
    return sets;
  }

  /** Non-zero rollup rows, in a stable order. */
  async function rollupRows() {
    const out: Record<string, unknown[]> = {};
    for (const table of ROLLUPS) {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.db);
      out[table] = rows
        .filter((r) => Object.entries(r).some(([k, v]) => ["n", "total", "rejected"].includes(k) && Number(v) !== 0))
        .map((r) => JSON.stringify(r))
        .sort();
    }
    return out;
  }

  /** The page's figures from the rollups equal the direct ones, and the rollups equal a rebuild from scratch. */
  async function expectExact() {
    for (const f of await filterSets()) {
      expect(await dashboard(t.db, f), JSON.stringify(f)).toEqual(await directDashboard(t.db, f));
    }
    const incremental = await rollupRows();
    let rebuilt: Record<string, unknown[]> = {};
    await t.db
      .transaction()
      .execute(async (trx) => {
        await sql`select report_rebuild()`.execute(trx);
        rebuilt = {};
        for (const table of ROLLUPS) {
          const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(trx);
          rebuilt[table] = rows
            .filter((r) => Object.entries(r).some(([k, v]) => ["n", "total", "rejected"].includes(k) && Number(v) !== 0))
            .map((r) => JSON.stringify(r))
            .sort();
        }
        throw new Error("rollback");
      })
      .catch((e: Error) => {
        if (e.message !== "rollback") throw e;
      });
    expect(incremental).toEqual(rebuilt);
  }

  /** A decided dossier with reviews, written straight into the tables with past dates (as seed:scale does). */
  async function pastDecided(
    region: string | null,
    examinerId: string,
    submittedDaysAgo: number,
    decideAfterDays: number,
    rejected: number[],
  ) {
    const of = await makeOrganisation(t.db, "of", ["of_admin"], { region: region ?? undefined });
    if (region === null) await t.db.updateTable("organisations").set({ region: null }).where("id", "=", of.id).execute();
    const d = await makeDossier(t.db, of, ref, { status: rejected.length ? "non_conforme" : "datadocke", submittedDaysAgo, examinerId });
    const decidedAt = new Date(Date.now() - submittedDaysAgo * DAY + decideAfterDays * DAY + 3_600_000 * (submittedDaysAgo % 7));
    await t.db.updateTable("dossiers").set({ decided_at: decidedAt }).where("id", "=", d.id).execute();
    await t.db
      .insertInto("indicator_reviews")
      .values(
        ref.indicators.map((i, n) => ({
          dossier_id: d.id,
          indicator_id: i.id,
          decision: rejected.includes(n) ? ("non_conforme" as const) : ("valide" as const),
          reason: rejected.includes(n) ? "Non" : null,
          decided_by: examinerId,
          decided_at: new Date(decidedAt.getTime() - n * 5 * 3_600_000),
        })),
      )
      .execute();
    return { of, dossierId: d.id };
  }

  it("splits periods into whole weeks or days and partial ends", () => {
    const from = new Date("2026-11-04T10:00:00Z"); // a Wednesday
    const to = new Date("2026-11-27T08:00:00Z"); // a Friday
    expect(splitWeeks(from, to)).toEqual({
      whole: { from: "2026-11-09", to: "2026-11-23" },
      edges: [
        [from, new Date("2026-11-09T00:00:00Z")],
        [new Date("2026-11-23T00:00:00Z"), to],
      ],
    });
    expect(splitDays(new Date("2026-11-23T00:00:00Z"), to)).toEqual({
      whole: { from: "2026-11-23", to: "2026-11-27" },
      edges: [[new Date("2026-11-27T00:00:00Z"), to]],
    });
    expect(splitWeeks(to, from)).toEqual({ whole: null, edges: [] });
    expect(splitDays(from, new Date("2026-11-04T12:00:00Z"))).toEqual({ whole: null, edges: [[from, new Date("2026-11-04T12:00:00Z")]] });
  });

  it("stays exact after bulk writes with past dates", async () => {
    const alice = funderA.users[0]!.id;
    const bob = funderB.users[0]!.id;
    const specs: [string | null, string, number, number, number[]][] = [
      ["Bretagne", alice, 300, 12, []],
      ["Bretagne", alice, 200, 3, [0]],
      ["Occitanie", bob, 100, 30, [1, 2]],
      ["Occitanie", alice, 45, 20, []],
      [null, bob, 20, 4, [3]],
      ["Bretagne", bob, 10, 8, [0, 3]],
      ["Corse", alice, 500, 9, []],
    ];
    for (const s of specs) await pastDecided(...s);
    for (const daysAgo of [1, 12, 50])
      await makeDossier(t.db, await makeOrganisation(t.db, "of", ["of_admin"], { region: "Occitanie" }), ref, {
        submittedDaysAgo: daysAgo,
      });
    const all = await dashboard(t.db, { from: new Date(Date.now() - 730 * DAY), to: new Date(Date.now() + DAY) });
    expect(all.rejection.reduce((s, r) => s + r.total, 0)).toBe(7 * 4);
    expect(all.rejection.reduce((s, r) => s + r.rejected, 0)).toBe(6);
    expect(all.byStatus.reduce((s, r) => s + r.count, 0)).toBe(10);
    await expectExact();
  });

  it("stays exact through live examination: decisions, re-decisions, closing, reassignment", async () => {
    const alice = funderA.users[0]!.actor;
    const admin = funderA.users[1]!.actor;
    const bob = funderB.users[0]!.actor;
    const of = await makeOrganisation(t.db, "of", ["of_admin"], { region: "Bretagne" });
    const d = await makeDossier(t.db, of, ref, { submittedDaysAgo: 2 });
    await takeDossier(t.db, alice, d.id);
    const [i1, i2, i3, i4] = ref.indicators.map((i) => i.id) as [string, string, string, string];
    await decideIndicator(t.db, alice, {
      dossierId: d.id,
      indicatorId: i1,
      decision: "a_completer",
      reason: "Preuve manquante",
      expectedVersion: null,
    });
    await decideIndicator(t.db, alice, { dossierId: d.id, indicatorId: i2, decision: "valide", expectedVersion: null });
    await expectExact();
    await decideIndicator(t.db, alice, {
      dossierId: d.id,
      indicatorId: i1,
      decision: "non_conforme",
      reason: "Non conforme",
      expectedVersion: 1,
    });
    await decideIndicator(t.db, alice, {
      dossierId: d.id,
      indicatorId: i2,
      decision: "a_completer",
      reason: "Finalement",
      expectedVersion: 1,
    });
    await assignDossier(t.db, admin, d.id, bob.userId); // the decided reviews move to funder B's scope
    await expectExact();
    await decideIndicator(t.db, bob, { dossierId: d.id, indicatorId: i3, decision: "valide", expectedVersion: null });
    await decideIndicator(t.db, bob, { dossierId: d.id, indicatorId: i4, decision: "valide", expectedVersion: null });
    await closeExamination(t.db, bob, { dossierId: d.id, outcome: "send_back", message: "Merci de compléter" });
    const week = await dashboard(t.db, { from: new Date(Date.now() - DAY), to: new Date(Date.now() + DAY), funderId: funderB.id });
    expect(week.weeks.reduce((s, w) => s + w.decisions, 0)).toBe(1);
    expect(week.rejection.reduce((s, r) => s + r.rejected, 0)).toBe(2);
    await expectExact();
  });

  it("stays exact through the OF's submission and resubmission (cleared decisions)", async () => {
    openRef = await createReferentiel(t.db);
    await t.db.updateTable("referentiel_versions").set({ is_open: false }).where("id", "<>", openRef.versionId).execute();
    await t.db.updateTable("referentiel_versions").set({ is_open: true }).where("id", "=", openRef.versionId).execute();
    const scope: OfScope = await createOf(t.db);
    await t.db.updateTable("organisations").set({ region: "Occitanie" }).where("id", "=", scope.organisationId).execute();
    await saveDescription(t.db, scope, "1.1", "<p>Objectifs écrits</p>");
    await addEvidence(t.db, scope, "1.1", { kind: "link", url: "https://of.example/objectifs" });
    await saveDescription(t.db, scope, "1.2", "Public décrit");
    await addEvidence(t.db, scope, "1.2", { kind: "file", fileId: await fakeFile(t.db, scope.organisationId) });
    await setNotApplicable(t.db, scope, "2.1", true, "Aucun accueil physique");
    await submitDossier(t.db, scope);
    await expectExact();

    const alice = funderA.users[0]!.actor;
    const dossier = (await findOfDossier(t.db, scope.organisationId))!;
    await takeDossier(t.db, alice, dossier.id);
    const indicators = await t.db.selectFrom("indicators").select(["id", "code"]).where("version_id", "=", openRef.versionId).execute();
    const id = (code: string) => indicators.find((i) => i.code === code)!.id;
    await decideIndicator(t.db, alice, {
      dossierId: dossier.id,
      indicatorId: id("1.1"),
      decision: "a_completer",
      reason: "Précisez",
      expectedVersion: null,
    });
    await decideIndicator(t.db, alice, { dossierId: dossier.id, indicatorId: id("1.2"), decision: "valide", expectedVersion: null });
    await decideIndicator(t.db, alice, { dossierId: dossier.id, indicatorId: id("2.1"), decision: "valide", expectedVersion: null });
    await closeExamination(t.db, alice, { dossierId: dossier.id, outcome: "send_back", message: "À compléter" });
    const before = await dashboard(t.db, {
      from: new Date(Date.now() - DAY),
      to: new Date(Date.now() + DAY),
      referentielId: openRef.referentielId,
    });
    expect(before.rejection.find((r) => r.code === "1.1")).toMatchObject({ total: 1, rejected: 1 });
    await expectExact();

    await saveDescription(t.db, scope, "1.1", "<p>Objectifs précisés</p>");
    await submitDossier(t.db, scope); // clears the à compléter decision on 1.1
    const after = await dashboard(t.db, {
      from: new Date(Date.now() - DAY),
      to: new Date(Date.now() + DAY),
      referentielId: openRef.referentielId,
    });
    expect(after.rejection.find((r) => r.code === "1.1")).toBeUndefined();
    await expectExact();
  });

  it("stays exact when a region, a membership or a review date changes, and after deletions and truncation", async () => {
    const moved = await pastDecided("Bretagne", funderA.users[0]!.id, 60, 5, [1]);
    await t.db.updateTable("organisations").set({ region: "Normandie" }).where("id", "=", moved.of.id).execute();
    await expectExact();

    // Bob joins funder A too: his dossiers count for both funders; then he leaves funder B.
    await t.db
      .insertInto("memberships")
      .values({ user_id: funderB.users[0]!.id, organisation_id: funderA.id, role: "funder_reviewer" })
      .execute();
    await expectExact();
    await t.db.deleteFrom("memberships").where("user_id", "=", funderB.users[0]!.id).where("organisation_id", "=", funderB.id).execute();
    const b = await dashboard(t.db, { from: new Date(Date.now() - 730 * DAY), to: new Date(Date.now() + DAY), funderId: funderB.id });
    expect(b.rejection).toEqual([]);
    await expectExact();

    await t.db
      .updateTable("indicator_reviews")
      .set({ decided_at: new Date(Date.now() - 400 * DAY) })
      .where("dossier_id", "=", moved.dossierId)
      .execute();
    await t.db.updateTable("indicator_reviews").set({ stale: true }).where("dossier_id", "=", moved.dossierId).execute();
    await expectExact();

    await t.db.deleteFrom("dossiers").where("id", "=", moved.dossierId).execute();
    const gone = await pastDecided("Occitanie", funderA.users[0]!.id, 30, 2, [0]);
    await t.db.deleteFrom("organisations").where("id", "=", gone.of.id).execute();
    await expectExact();

    await sql`truncate indicator_reviews`.execute(t.db);
    const empty = await dashboard(t.db, { from: new Date(Date.now() - 730 * DAY), to: new Date(Date.now() + DAY) });
    expect(empty.rejection).toEqual([]);
    expect(empty.byStatus.length).toBeGreaterThan(0);
    await expectExact();
  });
});
