import type { Executor } from "../../db/executor";
import type { MessageKey } from "../i18n/translate";
import type { DossierStatus, IndicatorDecision } from "../../db/schema";
import type { Actor } from "../permissions/actor";
import { canActAsFunderSide } from "../permissions/policy";
import { canSeeDossier } from "../permissions/access";
import { DomainError, forbidden } from "../errors";
import { refreshStaleFlags } from "./decision";
import { closingBlockers, type Outcome, type ReviewState } from "./closing-rules";
import { sanitizeRichText } from "../dossiers/rich-text";
import { selectDossierEvidence } from "../dossiers/evidence.queries";

export interface EvidenceView {
  id: string;
  kind: "file" | "link";
  label: string;
  url: string | null;
  fileId: string | null;
  fileName: string | null;
  contentType: string | null;
}

export interface IndicatorView {
  id: string;
  code: string;
  title: string;
  verified: boolean;
  answer: {
    description: string;
    notApplicable: boolean;
    notApplicableReason: string | null;
    version: number;
    changedSinceSubmission: boolean;
    /** Changed by the OF before its last resubmission: "modifié depuis la dernière soumission". */
    changedAtLastSubmission: boolean;
    updatedAt: Date;
  } | null;
  evidence: EvidenceView[];
  review: {
    decision: IndicatorDecision;
    reason: string | null;
    version: number;
    stale: boolean;
    decidedAt: Date;
    decidedByName: string | null;
  } | null;
}

export interface ExaminationView {
  dossier: {
    id: string;
    status: DossierStatus;
    version: number;
    submittedAt: Date | null;
    examinerId: string | null;
    examinerName: string | null;
  };
  organisation: { id: string; name: string; siret: string | null; region: string | null; city: string | null };
  referentielName: string;
  criteria: { id: string; number: number; title: string; indicators: IndicatorView[] }[];
  blockers: Record<Outcome, MessageKey[]>;
  /** Codes of the indicators changed since the previous submission (empty after a first submission). */
  changedCodes: string[];
}

/** Only the indicators changed since the previous submission (the "only changed" filter); empty criteria dropped. */
export function onlyChangedCriteria<C extends { indicators: I[] }, I extends { answer: { changedAtLastSubmission: boolean } | null }>(
  criteria: C[],
): C[] {
  return criteria
    .map((c) => ({ ...c, indicators: c.indicators.filter((i) => i.answer?.changedAtLastSubmission === true) }))
    .filter((c) => c.indicators.length > 0);
}

/** Everything the examination page shows; stale flags are refreshed first. Funder side only. */
export async function loadExamination(db: Executor, actor: Actor, dossierId: string): Promise<ExaminationView> {
  if (!canActAsFunderSide(actor)) throw forbidden();
  const dossier = await db
    .selectFrom("dossiers")
    .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
    .innerJoin("referentiel_versions", "referentiel_versions.id", "dossiers.referentiel_version_id")
    .innerJoin("referentiels", "referentiels.id", "referentiel_versions.referentiel_id")
    .leftJoin("users as examiner", "examiner.id", "dossiers.examiner_id")
    .select([
      "dossiers.id",
      "dossiers.status",
      "dossiers.version",
      "dossiers.submitted_at",
      "dossiers.examiner_id",
      "dossiers.referentiel_version_id",
      "examiner.full_name as examinerName",
      "organisations.id as organisationId",
      "organisations.name as organisationName",
      "organisations.siret",
      "organisations.region",
      "organisations.city",
      "referentiels.name as referentielName",
    ])
    .where("dossiers.id", "=", dossierId)
    .executeTakeFirst();
  if (!dossier || !canSeeDossier(actor, { organisationId: dossier.organisationId, status: dossier.status })) {
    throw new DomainError("not_found", "errors.notFound");
  }
  await refreshStaleFlags(db, dossierId);

  const [criteria, indicators, answers, evidence, reviews] = await Promise.all([
    db
      .selectFrom("criteria")
      .select(["id", "number", "title"])
      .where("version_id", "=", dossier.referentiel_version_id)
      .orderBy("number")
      .execute(),
    db
      .selectFrom("indicators")
      .select(["id", "criterion_id", "code", "title", "verified", "position"])
      .where("version_id", "=", dossier.referentiel_version_id)
      .orderBy("position")
      .execute(),
    db.selectFrom("indicator_answers").selectAll().where("dossier_id", "=", dossierId).execute(),
    selectDossierEvidence(db, dossierId)
      .select(["files.file_name", "indicator_answers.indicator_id"])
      .where("evidence.removed_at", "is", null)
      .where("evidence.replaced_by", "is", null)
      .orderBy("evidence.created_at")
      .execute(),
    db
      .selectFrom("indicator_reviews")
      .leftJoin("users", "users.id", "indicator_reviews.decided_by")
      .selectAll("indicator_reviews")
      .select("users.full_name as decidedByName")
      .where("indicator_reviews.dossier_id", "=", dossierId)
      .execute(),
  ]);
  const answerBy = new Map(answers.map((a) => [a.indicator_id, a]));
  const reviewBy = new Map(reviews.map((r) => [r.indicator_id, r]));
  const views: (IndicatorView & { criterionId: string })[] = indicators.map((i) => {
    const a = answerBy.get(i.id);
    const r = reviewBy.get(i.id);
    return {
      id: i.id,
      criterionId: i.criterion_id,
      code: i.code,
      title: i.title,
      verified: i.verified,
      answer: a
        ? {
            // Stored sanitized at write time; sanitized again here for rows written before the allow-list (decision 026).
            description: sanitizeRichText(a.description),
            notApplicable: a.not_applicable,
            notApplicableReason: a.not_applicable_reason,
            version: a.version,
            changedSinceSubmission: a.changed_since_submission,
            changedAtLastSubmission: a.changed_at_last_submission,
            updatedAt: a.updated_at,
          }
        : null,
      evidence: evidence
        .filter((e) => e.indicator_id === i.id)
        .map((e) => ({
          id: e.id,
          kind: e.kind,
          label: e.label,
          url: e.url,
          fileId: e.file_id,
          fileName: e.file_name,
          contentType: e.content_type,
        })),
      review: r
        ? {
            decision: r.decision,
            reason: r.reason,
            version: r.version,
            stale: r.stale,
            decidedAt: r.decided_at,
            decidedByName: r.decidedByName,
          }
        : null,
    };
  });
  const states: ReviewState[] = views.map((v) => ({
    indicatorId: v.id,
    code: v.code,
    decision: v.review?.decision ?? null,
    reason: v.review?.reason ?? null,
    stale: v.review?.stale ?? false,
  }));
  return {
    dossier: {
      id: dossier.id,
      status: dossier.status,
      version: dossier.version,
      submittedAt: dossier.submitted_at,
      examinerId: dossier.examiner_id,
      examinerName: dossier.examinerName,
    },
    organisation: {
      id: dossier.organisationId,
      name: dossier.organisationName,
      siret: dossier.siret?.trim() ?? null,
      region: dossier.region,
      city: dossier.city,
    },
    referentielName: dossier.referentielName,
    criteria: criteria.map((c) => ({ ...c, indicators: views.filter((v) => v.criterionId === c.id) })),
    changedCodes: views.filter((v) => v.answer?.changedAtLastSubmission).map((v) => v.code),
    blockers: {
      declare_datadocke: closingBlockers("declare_datadocke", states),
      send_back: closingBlockers("send_back", states),
      close_non_conforme: closingBlockers("close_non_conforme", states),
    },
  };
}
