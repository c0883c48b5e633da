import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { SelfAssessmentLevel } from "../../db/schema";
import { invalid } from "../errors";
import { getOrCreateOfDossier, listIndicators, requireIndicator } from "../dossiers/dossier-access";
import type { OfScope } from "../dossiers/of-scope";

/**
 * The self-diagnosis: per indicator, "can you show it?" answered oui / en partie / non. A readiness
 * score per criterion (oui = 1, en partie = ½, non or unanswered = 0) and the gaps with their indicators.
 * It never changes the dossier's status: it can be run any time, before or without submitting.
 */
export const LEVELS: readonly SelfAssessmentLevel[] = ["oui", "en_partie", "non"];
const WEIGHT: Record<SelfAssessmentLevel, number> = { oui: 1, en_partie: 0.5, non: 0 };

export interface DiagnosisIndicator {
  code: string;
  title: string;
  level: SelfAssessmentLevel | null;
}

export interface DiagnosisCriterion {
  number: number;
  title: string;
  /** 0–100. */
  score: number;
  indicators: DiagnosisIndicator[];
}

export interface Diagnosis {
  criteria: DiagnosisCriterion[];
  overall: number;
  answered: number;
  total: number;
  gaps: DiagnosisIndicator[];
}

export function scoreOf(levels: readonly (SelfAssessmentLevel | null)[]): number {
  if (levels.length === 0) return 0;
  const sum = levels.reduce((acc, l) => acc + (l ? WEIGHT[l] : 0), 0);
  return Math.round((sum / levels.length) * 100);
}

export async function setSelfAssessment(db: Executor, scope: OfScope, code: string, level: string) {
  if (!LEVELS.includes(level as SelfAssessmentLevel)) throw invalid({ level: ["errors.validation"] });
  const dossier = await getOrCreateOfDossier(db, scope.organisationId, scope.actor.userId);
  const indicator = await requireIndicator(db, dossier.referentiel_version_id, code);
  await db
    .insertInto("self_assessments")
    .values({ dossier_id: dossier.id, indicator_id: indicator.id, level: level as SelfAssessmentLevel, updated_by: scope.actor.userId })
    .onConflict((oc) =>
      oc
        .columns(["dossier_id", "indicator_id"])
        .doUpdateSet({ level: level as SelfAssessmentLevel, updated_by: scope.actor.userId, updated_at: sql`now()` }),
    )
    .execute();
}

export async function selfDiagnosis(db: Executor, scope: OfScope): Promise<Diagnosis> {
  const dossier = await getOrCreateOfDossier(db, scope.organisationId, scope.actor.userId);
  const [indicators, rows] = await Promise.all([
    listIndicators(db, dossier.referentiel_version_id),
    db.selectFrom("self_assessments").select(["indicator_id", "level"]).where("dossier_id", "=", dossier.id).execute(),
  ]);
  const levels = new Map(rows.map((r) => [r.indicator_id, r.level]));
  const criteria = new Map<number, DiagnosisCriterion>();
  const all: DiagnosisIndicator[] = [];
  for (const indicator of indicators) {
    let criterion = criteria.get(indicator.criterionNumber);
    if (!criterion) {
      criterion = { number: indicator.criterionNumber, title: indicator.criterionTitle, score: 0, indicators: [] };
      criteria.set(indicator.criterionNumber, criterion);
    }
    const item = { code: indicator.code, title: indicator.title, level: levels.get(indicator.id) ?? null };
    criterion.indicators.push(item);
    all.push(item);
  }
  for (const criterion of criteria.values()) criterion.score = scoreOf(criterion.indicators.map((i) => i.level));
  return {
    criteria: [...criteria.values()],
    overall: scoreOf(all.map((i) => i.level)),
    answered: all.filter((i) => i.level !== null).length,
    total: all.length,
    gaps: all.filter((i) => i.level !== "oui"),
  };
}
