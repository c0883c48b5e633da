import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { DomainError, forbidden } from "../errors";
import type { Actor } from "../permissions/actor";
import { canManageReferentiels } from "../permissions/policy";

/**
 * The mapping of indicators between référentiel versions (issue 14.7), kept as data: each pair says
 * which indicator of an earlier version feeds which indicator of a later one, and whether its
 * description and its evidence are carried over. Seeded from db/seed/referentiels/*.json, edited by
 * the coordination on the target version's page.
 */
export interface IndicatorMappingRow {
  id: string;
  fromIndicatorId: string;
  fromCode: string;
  fromReferentiel: string;
  toIndicatorId: string;
  toCode: string;
  carryDescription: boolean;
  carryEvidence: boolean;
}

/** The pairs feeding a version's indicators, in the target's then the source's order. */
export async function listMappingsInto(db: Executor, toVersionId: string): Promise<IndicatorMappingRow[]> {
  const rows = await db
    .selectFrom("indicator_mappings as m")
    .innerJoin("indicators as f", "f.id", "m.from_indicator_id")
    .innerJoin("referentiel_versions as fv", "fv.id", "f.version_id")
    .innerJoin("referentiels as fr", "fr.id", "fv.referentiel_id")
    .innerJoin("indicators as t", "t.id", "m.to_indicator_id")
    .select([
      "m.id",
      "f.id as fromIndicatorId",
      "f.code as fromCode",
      "fr.name as fromReferentiel",
      "t.id as toIndicatorId",
      "t.code as toCode",
      "m.carry_description",
      "m.carry_evidence",
    ])
    .where("t.version_id", "=", toVersionId)
    .orderBy("t.position")
    .orderBy("f.position")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fromIndicatorId: r.fromIndicatorId,
    fromCode: r.fromCode,
    fromReferentiel: r.fromReferentiel,
    toIndicatorId: r.toIndicatorId,
    toCode: r.toCode,
    carryDescription: r.carry_description,
    carryEvidence: r.carry_evidence,
  }));
}

/** The indicators of other published versions a coordinator may map from (grouped by référentiel name). */
export async function listMappableSources(db: Executor, toVersionId: string) {
  return db
    .selectFrom("indicators as i")
    .innerJoin("referentiel_versions as v", "v.id", "i.version_id")
    .innerJoin("referentiels as r", "r.id", "v.referentiel_id")
    .select(["i.id", "i.code", "r.name as referentiel", "v.version"])
    .where("i.version_id", "<>", toVersionId)
    .where("v.status", "=", "published")
    .orderBy("r.name")
    .orderBy("v.version")
    .orderBy("i.position")
    .execute();
}

/** Adds a pair, or changes what an existing pair carries over. */
export async function saveMapping(
  db: Executor,
  actor: Actor,
  input: { toVersionId: string; fromIndicatorId: string; toIndicatorId: string; carryDescription: boolean; carryEvidence: boolean },
): Promise<void> {
  if (!canManageReferentiels(actor)) throw forbidden();
  await inTransaction(db, async (trx) => {
    const [from, to] = await Promise.all([
      trx.selectFrom("indicators").select(["id", "version_id"]).where("id", "=", input.fromIndicatorId).executeTakeFirst(),
      trx.selectFrom("indicators").select(["id", "version_id"]).where("id", "=", input.toIndicatorId).executeTakeFirst(),
    ]);
    if (!from || !to || to.version_id !== input.toVersionId) throw new DomainError("not_found", "errors.notFound");
    if (from.version_id === to.version_id) throw new DomainError("conflict", "referentiels.mapping.sameVersion");
    await trx
      .insertInto("indicator_mappings")
      .values({
        from_indicator_id: from.id,
        to_indicator_id: to.id,
        carry_description: input.carryDescription,
        carry_evidence: input.carryEvidence,
        created_by: actor.userId,
      })
      .onConflict((oc) =>
        oc.columns(["from_indicator_id", "to_indicator_id"]).doUpdateSet({
          carry_description: input.carryDescription,
          carry_evidence: input.carryEvidence,
        }),
      )
      .execute();
  });
}

export async function removeMapping(db: Executor, actor: Actor, input: { toVersionId: string; mappingId: string }): Promise<void> {
  if (!canManageReferentiels(actor)) throw forbidden();
  const removed = await db
    .deleteFrom("indicator_mappings")
    .where("id", "=", input.mappingId)
    .where("to_indicator_id", "in", (eb) => eb.selectFrom("indicators").select("id").where("version_id", "=", input.toVersionId))
    .returning("id")
    .executeTakeFirst();
  if (!removed) throw new DomainError("not_found", "errors.notFound");
}
