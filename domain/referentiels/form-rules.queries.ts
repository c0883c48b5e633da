import type { Executor } from "../../db/executor";

/**
 * The rules of the form per référentiel version (issue 14.9): the longest description in characters
 * of visible text, the most live evidence items per indicator, and the examples of evidence the
 * coordination suggests for each indicator. Defaults (1 000 characters, 3 items) are the columns'.
 */

export interface FormRules {
  descriptionMaxChars: number;
  evidenceMaxPerIndicator: number;
}

export async function findFormRules(db: Executor, versionId: string): Promise<FormRules | undefined> {
  const row = await db
    .selectFrom("referentiel_versions")
    .select(["description_max_chars", "evidence_max_per_indicator"])
    .where("id", "=", versionId)
    .executeTakeFirst();
  return row ? { descriptionMaxChars: row.description_max_chars, evidenceMaxPerIndicator: row.evidence_max_per_indicator } : undefined;
}

export async function updateFormRules(db: Executor, versionId: string, rules: FormRules): Promise<boolean> {
  const result = await db
    .updateTable("referentiel_versions")
    .set({ description_max_chars: rules.descriptionMaxChars, evidence_max_per_indicator: rules.evidenceMaxPerIndicator })
    .where("id", "=", versionId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findEvidenceExamples(db: Executor, indicatorId: string): Promise<string> {
  const row = await db.selectFrom("indicators").select("evidence_examples").where("id", "=", indicatorId).executeTakeFirst();
  return row?.evidence_examples ?? "";
}

/** Sets the examples of the version's indicators named in `examples` (indicator id → text). */
export async function updateEvidenceExamples(db: Executor, versionId: string, examples: Record<string, string>): Promise<void> {
  for (const [indicatorId, text] of Object.entries(examples)) {
    await db
      .updateTable("indicators")
      .set({ evidence_examples: text })
      .where("id", "=", indicatorId)
      .where("version_id", "=", versionId)
      .execute();
  }
}
