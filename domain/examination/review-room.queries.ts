import { sql } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import type { Executor } from "../../db/executor";
import { selectDossierEvidence } from "../dossiers/evidence.queries";
import { selectNextOpenDeadline } from "../delays/late-dossiers.queries";
import { selectOpenCommittee } from "./committee.service";

/**
 * Reads of the review room (review-room.view.ts). No authorization here: the view checks access
 * (domain/permissions/access.ts) before calling them.
 */

/**
 * The dossier with what the room reads beside it in the same round trip: its co-examiners (who decides,
 * decision record 022), the indicators with a pending update (decision 038), whether it ever had an
 * update, its earliest open stage (decision 045) and its open committee session.
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
      sql<string[]>`array(select c.user_id::text from dossier_co_examiners c where c.dossier_id = dossiers.id)`.as("coExaminerIds"),
      sql<
        string[]
      >`array(select r.indicator_id::text from answer_revisions r where r.dossier_id = dossiers.id and r.status = 'pending')`.as(
        "updatingIndicatorIds",
      ),
      sql<boolean>`exists(select 1 from answer_revisions r where r.dossier_id = dossiers.id)`.as("hasRevisions"),
      jsonObjectFrom(selectNextOpenDeadline(db).where("dossier_deadlines.dossier_id", "=", sql<string>`dossiers.id`)).as("nextDeadline"),
      jsonObjectFrom(selectOpenCommittee(db).where("committee_sessions.dossier_id", "=", sql<string>`dossiers.id`)).as("committee"),
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
      "r.stale",
    ])
    .where("indicators.version_id", "=", versionId)
    .orderBy("criteria.number")
    .orderBy("indicators.position")
    .execute();
}

/**
 * What the room shows of the selected indicator, in one round trip: its live evidence (oldest first,
 * with file name, type and size), its corrective actions (oldest first), its thread, the OF's latest
 * declared circuit-court certificate with its CNEFOP label, and the name of who decided it.
 */
export function findRoomIndicatorDetail(
  db: Executor,
  at: { dossierId: string; indicatorId: string; organisationId: string; decidedBy: string | null },
) {
  const evidence = selectDossierEvidence(db, at.dossierId)
    .select(["files.file_name", "files.size_bytes"])
    .where("indicator_answers.indicator_id", "=", at.indicatorId)
    .where("evidence.removed_at", "is", null)
    .where("evidence.replaced_by", "is", null)
    .orderBy("evidence.created_at");
  const actions = db
    .selectFrom("corrective_actions")
    .select(["id", "what", "who", "status", sql<string>`due_on::text`.as("due_on")])
    .where("dossier_id", "=", at.dossierId)
    .where("indicator_id", "=", at.indicatorId)
    .orderBy("created_at");
  const certificate = db
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
    .where("c.organisation_id", "=", at.organisationId)
    .where("c.withdrawn_at", "is", null)
    .orderBy("c.created_at", "desc")
    .limit(1);
  return db
    .selectNoFrom((eb) => [
      jsonArrayFrom(evidence).as("evidence"),
      jsonArrayFrom(actions).as("actions"),
      eb
        .selectFrom("threads")
        .select("threads.id")
        .where("threads.dossier_id", "=", at.dossierId)
        .where("threads.indicator_id", "=", at.indicatorId)
        .as("threadId"),
      jsonObjectFrom(certificate).as("certificate"),
      eb
        .selectFrom("users")
        .select(sql<string>`coalesce(nullif(users.full_name, ''), users.email)`.as("name"))
        .where("users.id", "=", at.decidedBy)
        .as("decidedByName"),
    ])
    .executeTakeFirstOrThrow();
}

export async function findUserName(db: Executor, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const row = await db.selectFrom("users").select(["full_name", "email"]).where("id", "=", userId).executeTakeFirst();
  return row ? row.full_name || row.email : null;
}
