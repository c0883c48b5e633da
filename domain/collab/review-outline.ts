import type { Executor } from "../../db/executor";
import { t } from "../i18n/translate";

/** One heading of the review notes: a criterion (level 2) or one of its indicators (level 3). */
export interface OutlineHeading {
  level: 2 | 3;
  text: string;
}

/**
 * The headings the shared review notes of a dossier start with: each criterion of the dossier's
 * référentiel version, then its indicators, in order. Empty if the dossier does not exist.
 */
export async function reviewOutlineFor(db: Executor, dossierId: string): Promise<OutlineHeading[]> {
  const rows = await db
    .selectFrom("dossiers as d")
    .innerJoin("criteria as c", "c.version_id", "d.referentiel_version_id")
    .leftJoin("indicators as i", "i.criterion_id", "c.id")
    .select(["c.id as criterionId", "c.number", "c.title as criterionTitle", "i.code", "i.title as indicatorTitle"])
    .where("d.id", "=", dossierId)
    .orderBy("c.number")
    .orderBy("i.position")
    .orderBy("i.code")
    .execute();
  const headings: OutlineHeading[] = [];
  let criterion: string | null = null;
  for (const row of rows) {
    if (row.criterionId !== criterion) {
      criterion = row.criterionId;
      headings.push({ level: 2, text: `${t("referentiel.criterion", { number: row.number })} — ${row.criterionTitle}` });
    }
    if (row.code) headings.push({ level: 3, text: `${row.code} — ${row.indicatorTitle ?? ""}` });
  }
  return headings;
}
