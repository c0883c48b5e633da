import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { conflict, forbidden } from "../errors";
import { t } from "../i18n/translate";
import { canStartCarriedOverDossier } from "../permissions/policy";
import { currentReferentielVersionId, findOfDossier } from "./dossier-access";
import type { OfScope } from "./of-scope";
import { recordEvent } from "./timeline";

/**
 * A new dossier under the open référentiel, prefilled from the OF's datadocké dossier through the
 * indicator mapping (issue 14.7): when the coordination opens Qualiopi, an OF datadocké under the
 * 2017 référentiel starts its Qualiopi dossier with the descriptions and evidence the mapping carries
 * over. The datadocké dossier is untouched (its attestation stays valid while it is datadocké); the
 * new one is a brouillon like any other, and becomes the OF's current dossier.
 */
export interface CarryOverOffer {
  fromDossierId: string;
  toVersionId: string;
  referentielName: string;
  /** Target indicators the mapping feeds from the OF's answers. */
  indicatorCount: number;
}

/** What the OF may start, or null (not datadocké, nothing newer open, already started, no mapping). */
export async function carryOverOffer(db: Executor, organisationId: string): Promise<CarryOverOffer | null> {
  const current = await findOfDossier(db, organisationId);
  if (!current || current.status !== "datadocke") return null;
  const openVersionId = await currentReferentielVersionId(db).catch(() => null);
  if (!openVersionId || openVersionId === current.referentiel_version_id) return null;
  const already = await db
    .selectFrom("dossiers")
    .select("id")
    .where("organisation_id", "=", organisationId)
    .where("referentiel_version_id", "=", openVersionId)
    .executeTakeFirst();
  if (already) return null;
  const row = await db
    .selectFrom("indicator_mappings as m")
    .innerJoin("indicators as f", "f.id", "m.from_indicator_id")
    .innerJoin("indicators as t", "t.id", "m.to_indicator_id")
    .innerJoin("referentiel_versions as v", "v.id", "t.version_id")
    .innerJoin("referentiels as r", "r.id", "v.referentiel_id")
    .select(["r.name", (eb) => eb.fn.count<string>("t.id").distinct().as("n")])
    .where("f.version_id", "=", current.referentiel_version_id)
    .where("t.version_id", "=", openVersionId)
    .groupBy("r.name")
    .executeTakeFirst();
  if (!row || Number(row.n) === 0) return null;
  return { fromDossierId: current.id, toVersionId: openVersionId, referentielName: row.name, indicatorCount: Number(row.n) };
}

/** Starts the prefilled dossier; returns its id and how many indicators were prefilled. */
export async function startCarriedOverDossier(db: Executor, scope: OfScope): Promise<{ dossierId: string; prefilled: number }> {
  if (!canStartCarriedOverDossier(scope.actor, scope.organisationId)) throw forbidden();
  return inTransaction(db, async (trx) => {
    // One start at a time per organisation.
    await trx.selectFrom("organisations").select("id").where("id", "=", scope.organisationId).forUpdate().executeTakeFirst();
    const offer = await carryOverOffer(trx, scope.organisationId);
    if (!offer) throw conflict("carryOver.unavailable");
    const version = await trx
      .selectFrom("referentiel_versions")
      .select("evidence_max_per_indicator")
      .where("id", "=", offer.toVersionId)
      .executeTakeFirstOrThrow();
    const dossier = await trx
      .insertInto("dossiers")
      .values({ organisation_id: scope.organisationId, referentiel_version_id: offer.toVersionId })
      .returning("id")
      .executeTakeFirstOrThrow();
    const pairs = await trx
      .selectFrom("indicator_mappings as m")
      .innerJoin("indicators as f", "f.id", "m.from_indicator_id")
      .innerJoin("indicators as t", "t.id", "m.to_indicator_id")
      .leftJoin("indicator_answers as a", (join) => join.onRef("a.indicator_id", "=", "f.id").on("a.dossier_id", "=", offer.fromDossierId))
      .select([
        "t.id as toId",
        "f.code as fromCode",
        "a.id as answerId",
        "a.description",
        "a.not_applicable",
        "m.carry_description",
        "m.carry_evidence",
      ])
      .where("t.version_id", "=", offer.toVersionId)
      .where("f.version_id", "=", (eb) => eb.selectFrom("dossiers").select("referentiel_version_id").where("id", "=", offer.fromDossierId))
      .orderBy("t.position")
      .orderBy("f.position")
      .execute();
    const byTarget = new Map<string, typeof pairs>();
    for (const p of pairs) byTarget.set(p.toId, [...(byTarget.get(p.toId) ?? []), p]);
    let prefilled = 0;
    for (const [toId, sources] of byTarget) {
      const described = sources.filter(
        (s) => s.carry_description && s.answerId && !s.not_applicable && (s.description ?? "").trim() !== "",
      );
      const description =
        described.length === 1
          ? (described[0]?.description ?? "")
          : described
              .map((s) => `<p><strong>${t("carryOver.fromIndicator", { code: s.fromCode })}</strong></p>${s.description ?? ""}`)
              .join("");
      const answerIds = sources.filter((s) => s.carry_evidence && s.answerId).map((s) => s.answerId!);
      const evidence =
        answerIds.length === 0
          ? []
          : await trx
              .selectFrom("evidence")
              .select(["kind", "file_id", "url", "label"])
              .where("answer_id", "in", answerIds)
              .where("removed_at", "is", null)
              .where("replaced_by", "is", null)
              .orderBy("created_at")
              .limit(version.evidence_max_per_indicator)
              .execute();
      if (description === "" && evidence.length === 0) continue;
      const answer = await trx
        .insertInto("indicator_answers")
        .values({ dossier_id: dossier.id, indicator_id: toId, description, updated_by: scope.actor.userId })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (evidence.length > 0) {
        await trx
          .insertInto("evidence")
          .values(
            evidence.map((e) => ({
              answer_id: answer.id,
              kind: e.kind,
              file_id: e.file_id,
              url: e.url,
              label: e.label,
              created_by: scope.actor.userId,
            })),
          )
          .execute();
      }
      prefilled++;
    }
    await recordEvent(trx, {
      dossierId: dossier.id,
      actorId: scope.actor.userId,
      kind: "dossier.created",
      payload: { carriedOverFrom: offer.fromDossierId, prefilled },
    });
    return { dossierId: dossier.id, prefilled };
  });
}
