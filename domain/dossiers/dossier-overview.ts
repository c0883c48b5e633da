import type { Executor } from "../../db/executor";
import type { DossierStatus, IndicatorDecision } from "../../db/schema";
import { missingFor, type MissingItem } from "./completeness";
import { getOrCreateOfDossier, listIndicators } from "./dossier-access";
import type { OfScope } from "./of-scope";
import { isEditableByOf } from "./status-machine";
import { dossierCompleteness } from "./submission.service";

export interface ReviewView {
  decision: IndicatorDecision;
  reason: string | null;
  stale: boolean;
  decidedAt: string;
}

export interface OverviewIndicator {
  code: string;
  title: string;
  missing: MissingItem[];
  notApplicable: boolean;
  review: ReviewView | null;
}

export interface OverviewCriterion {
  number: number;
  title: string;
  complete: number;
  total: number;
  indicators: OverviewIndicator[];
}

export interface DossierOverview {
  dossierId: string;
  status: DossierStatus;
  editable: boolean;
  submittedAt: string | null;
  complete: number;
  total: number;
  circuitCourt: Awaited<ReturnType<typeof dossierCompleteness>>["circuitCourt"];
  criteria: OverviewCriterion[];
}

/** Current funder decisions per indicator of a dossier (the caller has scoped the dossier). */
export async function reviewsByIndicator(db: Executor, dossierId: string): Promise<Map<string, ReviewView>> {
  const rows = await db
    .selectFrom("indicator_reviews")
    .select(["indicator_id", "decision", "reason", "stale", "decided_at"])
    .where("dossier_id", "=", dossierId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.indicator_id,
      { decision: r.decision, reason: r.reason, stale: r.stale, decidedAt: new Date(r.decided_at).toISOString() },
    ]),
  );
}

/** Every criterion and indicator of the OF's dossier with its completion and the funders' decision. */
export async function ofDossierOverview(db: Executor, scope: OfScope): Promise<DossierOverview> {
  const dossier = await getOrCreateOfDossier(db, scope.organisationId, scope.actor.userId);
  const [{ report, answers, circuitCourt }, indicators, reviews] = await Promise.all([
    dossierCompleteness(db, dossier.id, dossier.referentiel_version_id, scope.organisationId),
    listIndicators(db, dossier.referentiel_version_id),
    reviewsByIndicator(db, dossier.id),
  ]);
  const criteria = new Map<number, OverviewCriterion>();
  for (const indicator of indicators) {
    let criterion = criteria.get(indicator.criterionNumber);
    if (!criterion) {
      const counts = report.byCriterion[indicator.criterionNumber] ?? { complete: 0, total: 0 };
      criterion = {
        number: indicator.criterionNumber,
        title: indicator.criterionTitle,
        complete: counts.complete,
        total: counts.total,
        indicators: [],
      };
      criteria.set(indicator.criterionNumber, criterion);
    }
    const answer = answers.get(indicator.id);
    criterion.indicators.push({
      code: indicator.code,
      title: indicator.title,
      missing: missingFor(answer, indicator, { circuitCourtActive: circuitCourt.active }),
      notApplicable: answer?.notApplicable ?? false,
      review: reviews.get(indicator.id) ?? null,
    });
  }
  return {
    dossierId: dossier.id,
    status: dossier.status,
    editable: isEditableByOf(dossier.status),
    submittedAt: dossier.submitted_at ? new Date(dossier.submitted_at).toISOString() : null,
    complete: report.complete,
    total: report.total,
    circuitCourt,
    criteria: [...criteria.values()],
  };
}
