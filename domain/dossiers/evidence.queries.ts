import type { Executor } from "../../db/executor";

/**
 * The evidence items of a dossier with their answer's indicator and their file's type: the OF's
 * evidence list and the funders' examination page narrow it and add what they show.
 */
export function selectDossierEvidence(db: Executor, dossierId: string) {
  return db
    .selectFrom("evidence")
    .innerJoin("indicator_answers", "indicator_answers.id", "evidence.answer_id")
    .leftJoin("files", "files.id", "evidence.file_id")
    .select(["evidence.id", "evidence.kind", "evidence.label", "evidence.url", "evidence.file_id", "files.content_type"])
    .where("indicator_answers.dossier_id", "=", dossierId);
}
