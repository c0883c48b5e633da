import type { Executor } from "../../db/executor";
import type { Actor } from "../permissions/actor";
import { canManageReferentiels } from "../permissions/policy";
import { DomainError, forbidden, invalid } from "../errors";
import { inTransaction } from "../../db/transaction";
import { hasForbiddenCharacters } from "../validation/fields";
import { updateEvidenceExamples, updateFormRules, type FormRules } from "./form-rules.queries";

/**
 * Coordination edits référentiels. A published version is frozen once any dossier uses it: wording
 * changes go into a draft copy, published as a new version; dossiers keep pointing at the version
 * they were filed under (their indicator ids never change).
 */

export async function listReferentielVersions(db: Executor) {
  return db
    .selectFrom("referentiel_versions as v")
    .innerJoin("referentiels as r", "r.id", "v.referentiel_id")
    .select((eb) => [
      "v.id",
      "v.version",
      "v.status",
      "v.published_at as publishedAt",
      "v.is_open as isOpen",
      "r.id as referentielId",
      "r.name",
      "r.key",
      eb
        .selectFrom("dossiers")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("dossiers.referentiel_version_id", "=", "v.id")
        .as("dossiers"),
    ])
    .orderBy("r.name")
    .orderBy("v.version", "desc")
    .execute();
}

export async function versionDetail(db: Executor, versionId: string) {
  const version = await db.selectFrom("referentiel_versions").selectAll().where("id", "=", versionId).executeTakeFirst();
  if (!version) throw new DomainError("not_found", "errors.notFound");
  const [criteria, indicators, used] = await Promise.all([
    db.selectFrom("criteria").select(["id", "number", "title"]).where("version_id", "=", versionId).orderBy("number").execute(),
    db
      .selectFrom("indicators")
      .select(["id", "criterion_id", "code", "title", "verified", "position", "evidence_examples"])
      .where("version_id", "=", versionId)
      .orderBy("position")
      .execute(),
    isVersionInUse(db, versionId),
  ]);
  return { version, criteria, indicators, editable: version.status === "draft" || !used };
}

async function isVersionInUse(db: Executor, versionId: string): Promise<boolean> {
  const row = await db.selectFrom("dossiers").select("id").where("referentiel_version_id", "=", versionId).limit(1).executeTakeFirst();
  return Boolean(row);
}

async function editableVersionOfIndicator(db: Executor, indicatorId: string): Promise<string> {
  const row = await db
    .selectFrom("indicators")
    .innerJoin("referentiel_versions as v", "v.id", "indicators.version_id")
    .select(["v.id", "v.status"])
    .where("indicators.id", "=", indicatorId)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "errors.notFound");
  if (row.status === "published" && (await isVersionInUse(db, row.id))) throw new DomainError("conflict", "referentiels.frozen");
  return row.id;
}

/** Edits an indicator's wording (draft versions, or published ones no dossier uses yet). */
export async function editIndicatorWording(db: Executor, actor: Actor, indicatorId: string, title: string): Promise<void> {
  if (!canManageReferentiels(actor)) throw forbidden();
  const clean = title.trim();
  if (!clean) throw invalid({ title: ["errors.required"] });
  if (clean.length > 2000) throw invalid({ title: ["errors.tooLong"] });
  if (hasForbiddenCharacters(clean)) throw invalid({ title: ["validation.text.controlCharacters"] });
  await editableVersionOfIndicator(db, indicatorId);
  await db.updateTable("indicators").set({ title: clean }).where("id", "=", indicatorId).execute();
}

/** Marks an indicator's wording verified against the legal text (allowed on any version: no meaning changes). */
export async function markIndicatorVerified(db: Executor, actor: Actor, indicatorId: string, verified: boolean): Promise<void> {
  if (!canManageReferentiels(actor)) throw forbidden();
  const row = await db.updateTable("indicators").set({ verified }).where("id", "=", indicatorId).returning("id").executeTakeFirst();
  if (!row) throw new DomainError("not_found", "errors.notFound");
}

/** Copies a version (criteria and indicators) into a new draft, the next version number. */
export async function createDraftFrom(db: Executor, actor: Actor, versionId: string): Promise<{ id: string; version: number }> {
  if (!canManageReferentiels(actor)) throw forbidden();
  return inTransaction(db, async (trx) => {
    const source = await trx.selectFrom("referentiel_versions").selectAll().where("id", "=", versionId).executeTakeFirst();
    if (!source) throw new DomainError("not_found", "errors.notFound");
    const existingDraft = await trx
      .selectFrom("referentiel_versions")
      .select("id")
      .where("referentiel_id", "=", source.referentiel_id)
      .where("status", "=", "draft")
      .executeTakeFirst();
    if (existingDraft) throw new DomainError("conflict", "referentiels.draftExists");
    const max = await trx
      .selectFrom("referentiel_versions")
      .select((eb) => eb.fn.max("version").as("v"))
      .where("referentiel_id", "=", source.referentiel_id)
      .executeTakeFirstOrThrow();
    const draft = await trx
      .insertInto("referentiel_versions")
      .values({
        referentiel_id: source.referentiel_id,
        version: Number(max.v) + 1,
        status: "draft",
        description_max_chars: source.description_max_chars,
        evidence_max_per_indicator: source.evidence_max_per_indicator,
      })
      .returning(["id", "version"])
      .executeTakeFirstOrThrow();
    const criteria = await trx.selectFrom("criteria").selectAll().where("version_id", "=", versionId).orderBy("number").execute();
    for (const c of criteria) {
      const copy = await trx
        .insertInto("criteria")
        .values({ version_id: draft.id, number: c.number, title: c.title })
        .returning("id")
        .executeTakeFirstOrThrow();
      const indicators = await trx.selectFrom("indicators").selectAll().where("criterion_id", "=", c.id).orderBy("position").execute();
      if (indicators.length) {
        await trx
          .insertInto("indicators")
          .values(
            indicators.map((i) => ({
              version_id: draft.id,
              criterion_id: copy.id,
              code: i.code,
              position: i.position,
              title: i.title,
              verified: i.verified,
              circuit_court_exempts_proof: i.circuit_court_exempts_proof,
              evidence_examples: i.evidence_examples,
            })),
          )
          .execute();
      }
    }
    return draft;
  });
}

/**
 * Publishes a draft; dossiers under older versions are untouched. New dossiers use it once the
 * coordination opens it (open-referentiel.service.ts), or by default while none was opened explicitly.
 */
export async function publishVersion(db: Executor, actor: Actor, versionId: string): Promise<void> {
  if (!canManageReferentiels(actor)) throw forbidden();
  const row = await db
    .updateTable("referentiel_versions")
    .set({ status: "published", published_at: new Date() })
    .where("id", "=", versionId)
    .where("status", "=", "draft")
    .returning("id")
    .executeTakeFirst();
  if (!row) throw new DomainError("conflict", "referentiels.notDraft");
}

/**
 * The rules of the form of a version (issue 14.9), editable on any version: they change no
 * meaning. Answers already over a lowered limit stay as they are and are refused only when next
 * saved (answers.service.ts, evidence.service.ts).
 */
export async function setFormRules(db: Executor, actor: Actor, versionId: string, rules: FormRules): Promise<void> {
  if (!canManageReferentiels(actor)) throw forbidden();
  if (!(await updateFormRules(db, versionId, rules))) throw new DomainError("not_found", "errors.notFound");
}

/** The examples of evidence the coordination suggests for one indicator of the version ("" removes them). */
export async function setEvidenceExamples(
  db: Executor,
  actor: Actor,
  versionId: string,
  indicatorId: string,
  examples: string | null,
): Promise<void> {
  if (!canManageReferentiels(actor)) throw forbidden();
  const indicator = await db
    .selectFrom("indicators")
    .select("id")
    .where("id", "=", indicatorId)
    .where("version_id", "=", versionId)
    .executeTakeFirst();
  if (!indicator) throw new DomainError("not_found", "errors.notFound");
  await updateEvidenceExamples(db, versionId, { [indicatorId]: examples?.trim() ?? "" });
}
