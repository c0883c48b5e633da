import type { Executor } from "../../db/executor";
import type { Dossier } from "../../db/schema";
import { listIndicators } from "./dossier-access";
import { ofNextStep, type NextStep, type NextStepReview } from "./of-next-step";
import { dossierCompleteness } from "./submission.service";

/**
 * The facts ofNextStep needs, for the OF's own dossier (the caller has scoped it to the OF's
 * organisation): what is missing, the funders' current decisions (with whether the OF has changed
 * its answer since), the funders whose catalogue lists the OF, and the closing message.
 */
export async function loadOfNextStep(db: Executor, dossier: Dossier): Promise<NextStep> {
  const [{ report }, indicators, reviewRows, catalogueRows, closing] = await Promise.all([
    dossierCompleteness(db, dossier.id, dossier.referentiel_version_id, dossier.organisation_id),
    listIndicators(db, dossier.referentiel_version_id),
    db
      .selectFrom("indicator_reviews as r")
      .leftJoin("indicator_answers as a", (join) =>
        join.onRef("a.dossier_id", "=", "r.dossier_id").onRef("a.indicator_id", "=", "r.indicator_id"),
      )
      .select(["r.indicator_id", "r.decision", "r.reason", "r.stale", "a.changed_since_submission"])
      .where("r.dossier_id", "=", dossier.id)
      .execute(),
    db
      .selectFrom("catalogue_entries")
      .innerJoin("organisations", "organisations.id", "catalogue_entries.funder_id")
      .select("organisations.name")
      .where("catalogue_entries.organisation_id", "=", dossier.organisation_id)
      .orderBy("organisations.name")
      .execute(),
    db
      .selectFrom("dossier_events")
      .select("payload")
      .where("dossier_id", "=", dossier.id)
      .where("kind", "in", ["examination.non_conforme", "control.dereferenced"])
      .orderBy("created_at", "desc")
      .limit(1)
      .executeTakeFirst(),
  ]);
  const reviews: NextStepReview[] = [];
  for (const indicator of indicators) {
    const row = reviewRows.find((r) => r.indicator_id === indicator.id);
    if (!row) continue;
    reviews.push({
      code: indicator.code,
      title: indicator.title,
      decision: row.decision,
      reason: row.reason,
      stale: row.stale ?? false,
      answered: row.changed_since_submission ?? false,
    });
  }
  // examination.non_conforme carries `message`, control.dereferenced carries `reason`.
  const payload = (closing?.payload ?? {}) as { message?: unknown; reason?: unknown };
  const said = typeof payload.message === "string" ? payload.message : typeof payload.reason === "string" ? payload.reason : "";
  return ofNextStep({
    status: dossier.status,
    missing: report.missing.map((m) => ({ code: m.code, title: m.title })),
    reviews,
    catalogues: catalogueRows.map((r) => r.name),
    closingMessage: said.trim() ? said.trim() : null,
  });
}
