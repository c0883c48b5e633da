import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createOf, createOrganisationWithUser, createReferentiel } from "./fixtures";
import { applyDemoStage, DEMO_STAGES } from "../../../domain/demo/demo-stages";
import { findOfDossier } from "../../../domain/dossiers/dossier-access";
import { ofDossierOverview } from "../../../domain/dossiers/dossier-overview";

describe("demo stages", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await createReferentiel(t.db);
    await t.db.insertInto("cnefop_labels").values({ name: "ISQ-OPQF" }).execute();
  });
  afterAll(() => t?.close());

  it.each(DEMO_STAGES)("brings a dossier to %s", async (stage) => {
    const of = await createOf(t.db);
    const funder = await createOrganisationWithUser(t.db, "funder", "funder_reviewer");
    await applyDemoStage(t.db, {
      stage,
      organisationId: of.organisationId,
      ofUserId: of.userId,
      funderOrganisationId: funder.organisationId,
      funderUserId: funder.userId,
      slug: "of-test",
    });
    const dossier = (await findOfDossier(t.db, of.organisationId))!;
    const expected = {
      brouillon: "brouillon",
      soumis: "soumis",
      en_examen: "en_examen",
      a_completer: "a_completer",
      datadocke: "datadocke",
      circuit_court: "soumis",
      mise_a_jour: "datadocke",
      retour_apres_non_conforme: "a_completer",
      certificat_bientot_expire: "datadocke",
    }[stage];
    expect(dossier.status).toBe(expected);
    const overview = await ofDossierOverview(t.db, of);
    if (stage !== "brouillon") expect(overview.complete).toBe(overview.total);
    if (stage === "circuit_court") expect(overview.circuitCourt.active).toBe(true);
    if (stage === "a_completer") {
      // Each reason opens its indicator's thread, written by the reviewer (as decideIndicator does).
      const threads = await t.db.selectFrom("threads").select("id").where("dossier_id", "=", dossier.id).execute();
      expect(threads).toHaveLength(2);
      const reviews = await t.db
        .selectFrom("indicator_reviews")
        .select(["indicator_id", "reason"])
        .where("dossier_id", "=", dossier.id)
        .where("decision", "<>", "valide")
        .execute();
      for (const review of reviews) {
        const first = await t.db
          .selectFrom("messages")
          .innerJoin("threads", "threads.id", "messages.thread_id")
          .select(["messages.body", "messages.author_id"])
          .where("threads.dossier_id", "=", dossier.id)
          .where("threads.indicator_id", "=", review.indicator_id)
          .orderBy("messages.created_at")
          .orderBy("messages.id")
          .executeTakeFirstOrThrow();
        expect(first).toEqual({ body: review.reason, author_id: funder.userId });
      }
      const actions = await t.db.selectFrom("corrective_actions").select("status").where("dossier_id", "=", dossier.id).execute();
      expect(actions).toEqual([{ status: "a_faire" }]);
      const decisions = overview.criteria.flatMap((c) => c.indicators.map((i) => i.review?.decision));
      expect(decisions).toEqual(["valide", "a_completer", "non_conforme"]);
    }
    if (stage === "datadocke") expect(dossier.decided_at).not.toBeNull();
    if (stage === "retour_apres_non_conforme") {
      expect(dossier.round).toBe(2);
      // The closed round's decisions are kept in the history; the new round starts with none.
      const current = await t.db.selectFrom("indicator_reviews").select("id").where("dossier_id", "=", dossier.id).execute();
      expect(current).toEqual([]);
    }
    if (stage === "certificat_bientot_expire") {
      const certificate = await t.db
        .selectFrom("circuit_court_certificates")
        .select(["review_status", sql<number>`valid_to - current_date`.as("daysLeft")])
        .where("organisation_id", "=", of.organisationId)
        .executeTakeFirstOrThrow();
      expect(certificate).toEqual({ review_status: "validated", daysLeft: 45 });
    }
  });
});
