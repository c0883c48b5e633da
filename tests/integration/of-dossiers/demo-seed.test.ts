import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { DEMO_ACCOUNTS, seedDemo } from "../../../domain/demo/seed-demo";
import { listQueue } from "../../../domain/examination/queue";

/** The README's demo table is the newcomer's map of the demo world: every account, at the stage it says. */
describe("the demo seed", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
  }, 120_000);
  afterAll(() => t?.close());

  it("creates every demo account, each listed in the README's demo table", async () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const users = await t.db.selectFrom("users").select("email").execute();
    const emails = users.map((u) => u.email);
    for (const account of DEMO_ACCOUNTS) {
      expect(emails).toContain(account.email);
      expect(readme).toContain(`| ${account.email}`);
    }
  });

  it("brings each demo OF to its stage, the way back and the expiring certificate included", async () => {
    const rows = await t.db
      .selectFrom("dossiers")
      .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
      .select(["organisations.name", "dossiers.status", "dossiers.round"])
      .execute();
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get("Loire Avenir Compétences")).toMatchObject({ status: "a_completer", round: 2 });
    expect(byName.get("Provence Certif Formation")).toMatchObject({ status: "datadocke" });
    expect(byName.get("Bretagne Métiers Formation")).toMatchObject({ status: "datadocke" });
    expect(rows).toHaveLength(DEMO_ACCOUNTS.filter((a) => a.stage !== null).length);
  });

  it("shows delays from the first visit: Atlantique's take late, Alsace's due soon (decision record 045)", async () => {
    const names = async (delay: "late" | "soon") => (await listQueue(t.db, { delay })).rows.map((r) => [r.organisationName, r.dueStage]);
    expect(await names("late")).toEqual([["Atlantique Compétences", "take"]]);
    expect(await names("soon")).toEqual([["Alsace Qualité Formation", "take"]]);
  });
});
