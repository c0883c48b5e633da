import { sql } from "kysely";
import type { Executor } from "../../db/executor";

/**
 * Reads of the dossier ZIP (dossier-export.service.ts). No authorization here: the service checks
 * `canExportDossier` before calling them.
 */

const FILE_COLUMNS = [
  "files.id as fileId",
  "files.store",
  "files.storage_key",
  "files.file_name",
  "files.content_type",
  "files.created_at as fileCreatedAt",
] as const;

/** The live evidence of the dossier (not removed nor replaced), with its file when it has one. */
export function listExportEvidence(db: Executor, dossierId: string) {
  return db
    .selectFrom("evidence")
    .innerJoin("indicator_answers", "indicator_answers.id", "evidence.answer_id")
    .leftJoin("files", "files.id", "evidence.file_id")
    .select(["evidence.id", "evidence.kind", "evidence.label", "evidence.url", "indicator_answers.indicator_id", ...FILE_COLUMNS])
    .where("indicator_answers.dossier_id", "=", dossierId)
    .where("evidence.removed_at", "is", null)
    .where("evidence.replaced_by", "is", null)
    .orderBy("evidence.created_at")
    .execute();
}

export function listExportCorrectiveActions(db: Executor, dossierId: string) {
  return db
    .selectFrom("corrective_actions")
    .select(["indicator_id", "what", "who", "status", sql<string>`due_on::text`.as("due_on")])
    .where("dossier_id", "=", dossierId)
    .orderBy("created_at")
    .execute();
}

export function listExportDecisionHistory(db: Executor, dossierId: string) {
  return db
    .selectFrom("indicator_review_history")
    .leftJoin("organisations as funder", "funder.id", "indicator_review_history.decided_by_organisation_id")
    .select([
      "indicator_review_history.indicator_id",
      "indicator_review_history.decision",
      "indicator_review_history.reason",
      "indicator_review_history.created_at",
      "funder.name as organisationName",
    ])
    .where("dossier_id", "=", dossierId)
    .orderBy("indicator_review_history.created_at")
    .execute();
}

export function listExportThreads(db: Executor, dossierId: string) {
  return db
    .selectFrom("threads")
    .leftJoin("indicators", "indicators.id", "threads.indicator_id")
    .select(["threads.id", "indicators.code"])
    .where("threads.dossier_id", "=", dossierId)
    .orderBy("threads.created_at")
    .execute();
}

export function listExportMessages(db: Executor, dossierId: string) {
  return db
    .selectFrom("messages")
    .innerJoin("threads", "threads.id", "messages.thread_id")
    .leftJoin("users", "users.id", "messages.author_id")
    .leftJoin("organisations as author_org", "author_org.id", "messages.author_organisation_id")
    .leftJoin("files", "files.id", "messages.file_id")
    .select([
      "messages.id",
      "messages.thread_id",
      "messages.body",
      "messages.created_at",
      "users.full_name as authorName",
      "author_org.name as authorOrganisation",
      ...FILE_COLUMNS,
    ])
    .where("threads.dossier_id", "=", dossierId)
    .orderBy("messages.created_at")
    .execute();
}
