import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { selectDossierEvidence } from "../dossiers/evidence.queries";

/**
 * Reads of the review room (review-room.view.ts). No authorization here: the view checks access
 * (domain/permissions/access.ts) before calling them.
 */

export function findRoomDossier(db: Executor, dossierId: string) {
  return db
    .selectFrom("dossiers")
    .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
    .leftJoin("users as examiner", "examiner.id", "dossiers.examiner_id")
    .select([
      "dossiers.id",
      "dossiers.status",
      "dossiers.version",
      "dossiers.round",
      "dossiers.submitted_at",
      "dossiers.examiner_id",
      "dossiers.referentiel_version_id",
      "examiner.full_name as examinerName",
      "organisations.id as organisationId",
      "organisations.name as organisationName",
      "organisations.siret",
      "organisations.region",
    ])
    .where("dossiers.id", "=", dossierId)
    .executeTakeFirst();
}

/** Every indicator of the version with its criterion, answer state and current review: the rail. */
export function listRoomIndicators(db: Executor, dossierId: string, versionId: string) {
  return db
    .selectFrom("indicators")
    .innerJoin("criteria", "criteria.id", "indicators.criterion_id")
    .leftJoin("indicator_answers as a", (join) => join.onRef("a.indicator_id", "=", "indicators.id").on("a.dossier_id", "=", dossierId))
    .leftJoin("indicator_reviews as r", (join) => join.onRef("r.indicator_id", "=", "indicators.id").on("r.dossier_id", "=", dossierId))
    .select([
      "indicators.id",
      "indicators.code",
      "indicators.title",
      "indicators.verified",
      "indicators.circuit_court_exempts_proof",
      "criteria.id as criterionId",
      "criteria.number as criterionNumber",
      "criteria.title as criterionTitle",
      "a.id as answerId",
      "a.description",
      "a.not_applicable",
      "a.not_applicable_reason",
      "a.version as answerVersion",
      "a.changed_at_last_submission",
      "a.updated_at as answerUpdatedAt",
      "r.decision",
      "r.reason",
      "r.version as reviewVersion",
      "r.answer_version as reviewAnswerVersion",
      "r.decided_at",
      "r.decided_by",
    ])
    .where("indicators.version_id", "=", versionId)
    .orderBy("criteria.number")
    .orderBy("indicators.position")
    .execute();
}

/** Live evidence of one indicator of the dossier, oldest first, with its file's name, type and size. */
export function listRoomEvidence(db: Executor, dossierId: string, indicatorId: string) {
  return selectDossierEvidence(db, dossierId)
    .select(["files.file_name", "files.size_bytes"])
    .where("indicator_answers.indicator_id", "=", indicatorId)
    .where("evidence.removed_at", "is", null)
    .where("evidence.replaced_by", "is", null)
    .orderBy("evidence.created_at")
    .execute();
}

/** The corrective actions of one indicator, oldest first. */
export function listRoomCorrectiveActions(db: Executor, dossierId: string, indicatorId: string) {
  return db
    .selectFrom("corrective_actions")
    .select(["id", "what", "who", "status", sql<string>`due_on::text`.as("due_on")])
    .where("dossier_id", "=", dossierId)
    .where("indicator_id", "=", indicatorId)
    .orderBy("created_at")
    .execute();
}

/** The OF's latest declared (not withdrawn) circuit-court certificate, with its CNEFOP label. */
export function findLatestCertificate(db: Executor, organisationId: string) {
  return db
    .selectFrom("circuit_court_certificates as c")
    .innerJoin("cnefop_labels as l", "l.id", "c.label_id")
    .leftJoin("files", "files.id", "c.file_id")
    .select([
      "c.id",
      "c.file_id",
      "files.file_name",
      "l.name as label_name",
      "c.review_status",
      "c.review_reason",
      sql<string>`c.valid_from::text`.as("valid_from"),
      sql<string>`c.valid_to::text`.as("valid_to"),
    ])
    .where("c.organisation_id", "=", organisationId)
    .where("c.withdrawn_at", "is", null)
    .orderBy("c.created_at", "desc")
    .executeTakeFirst();
}

export async function findUserName(db: Executor, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const row = await db.selectFrom("users").select(["full_name", "email"]).where("id", "=", userId).executeTakeFirst();
  return row ? row.full_name || row.email : null;
}
