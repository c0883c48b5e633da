import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { testLoadContext } from "../../setup/load-context";
import { makeDossier, makeOrganisation, makeReferentiel, type MadeOrganisation, type MadeReferentiel } from "../../factories/records";
import { createDiskFileStore } from "../../../domain/files/disk-file-store";
import { takeDossier } from "../../../domain/examination/take";
import { decideIndicator } from "../../../domain/examination/decision";
import { directDashboard } from "../../../domain/reporting/reporting-direct.queries";
import type { Actor } from "../../../domain/permissions/actor";

/**
 * The reporting page and its CSV through the real Remix build (npm run build first): the figures
 * the rollups give after live decisions, with the page's own filter parsing.
 */
describe("reporting page", () => {
  let t: TestDatabase;
  let dir: string;
  let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
  let ref: MadeReferentiel;
  let funder: MadeOrganisation;

  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), "datadock-reporting-"));
    const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
    handle = createRequestHandler(build, "production");
    ref = await makeReferentiel(t.db, { criteria: 1, perCriterion: 2 });
    funder = await makeOrganisation(t.db, "funder", ["funder_reviewer"]);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  function contextFor(actor: Actor): AppLoadContext {
    return testLoadContext({ db: t.db, actor, services: { files: createDiskFileStore(join(dir, "files")) } });
  }

  async function get(actor: Actor, path: string) {
    const response = await handle(new Request(`http://localhost${path}`), contextFor(actor));
    return { status: response.status, body: await response.text() };
  }

  it("shows the live decisions, filtered by region and funder, in the page and the CSV", async () => {
    const alice = funder.users[0]!.actor;
    for (const region of ["Bretagne", "Occitanie"]) {
      const of = await makeOrganisation(t.db, "of", ["of_admin"], { region });
      const d = await makeDossier(t.db, of, ref, { submittedDaysAgo: 1 });
      await takeDossier(t.db, alice, d.id);
      await decideIndicator(t.db, alice, {
        dossierId: d.id,
        indicatorId: ref.indicators[0]!.id,
        decision: "a_completer",
        reason: "Preuve manquante",
        expectedVersion: null,
      });
      if (region === "Bretagne") {
        await decideIndicator(t.db, alice, {
          dossierId: d.id,
          indicatorId: ref.indicators[1]!.id,
          decision: "valide",
          expectedVersion: null,
        });
      }
    }

    const pageHtml = await get(alice, `/financeur/rapports?region=Bretagne&financeur=${funder.id}`);
    expect(pageHtml.status).toBe(200);
    expect(pageHtml.body).toContain("Indicateur 1.1");
    expect(pageHtml.body.replace(/<!-- -->/g, "")).toMatch(/Indicateur 1\.1<\/th><td>1<\/td><td>100\u202f%/);

    const csv = await get(alice, `/financeur/rapports.csv?table=rejection&region=Bretagne&financeur=${funder.id}`);
    expect(csv.status).toBe(200);
    const lines = csv.body.trim().split(/\r?\n/).slice(1);
    expect(lines).toHaveLength(2);
    expect(lines).toEqual(["1.1;Indicateur 1.1;1;1;1.0000", "1.2;Indicateur 1.2;1;0;0.0000"]);

    const all = await get(alice, "/financeur/rapports.csv?table=rejection");
    const direct = await directDashboard(t.db, { from: new Date(Date.now() - 365 * 86_400_000), to: new Date(Date.now() + 86_400_000) });
    expect(direct.rejection.map((r) => `${r.code};${r.title};${r.total};${r.rejected};${r.rate.toFixed(4)}`)).toEqual([
      "1.1;Indicateur 1.1;2;2;1.0000",
      "1.2;Indicateur 1.2;1;0;0.0000",
    ]);
    expect(all.body.trim().split(/\r?\n/).slice(1)).toEqual(["1.1;Indicateur 1.1;2;2;1.0000", "1.2;Indicateur 1.2;1;0;0.0000"]);
  });
});
