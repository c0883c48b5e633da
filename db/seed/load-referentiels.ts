import type { Executor } from "../executor";
// Imported rather than read from disk, so the compiled server (dist/) carries them (docs/decisions/029).
import cnefopLabels from "./referentiels/cnefop-labels-2016.json";
import datadock2017 from "./referentiels/datadock-2017.json";
import qualiopiRnq from "./referentiels/qualiopi-rnq.json";
import datadockToQualiopi from "./referentiels/mapping-datadock-2017-to-qualiopi-rnq.json";

/** The référentiels and the first CNEFOP list, kept as JSON beside this file (copied from the GIE's sources). */
interface ReferentielFile {
  key: string;
  name: string;
  in_force: { from: string | null; to: string | null };
  legal_basis: string;
  evidence_rule: string;
  circuit_court?: string;
  notes: string;
  criteria: { number: number; title: string }[];
  indicators: { code: string; criterion: number; title: string; verified: boolean; circuit_court_exempts_proof?: boolean }[];
}

/** In loading order. */
const REFERENTIELS: readonly ReferentielFile[] = [datadock2017, qualiopiRnq];
/** Open for new dossiers on first load; the coordination may change it later. */
export const DEFAULT_OPEN_REFERENTIEL = "datadock-2017";

export interface LoadCounts {
  referentiels: number;
  criteria: number;
  indicators: number;
  labels: number;
}

/**
 * Idempotent: inserts only what is missing (keyed by référentiel key, version 1, criterion
 * number, indicator code, label name). Wording a coordinator has since edited is never overwritten.
 */
export async function loadReferentiels(db: Executor): Promise<LoadCounts> {
  const counts: LoadCounts = { referentiels: 0, criteria: 0, indicators: 0, labels: 0 };
  for (const referentiel of REFERENTIELS) await loadOne(db, referentiel, counts);
  await loadMapping(db, datadockToQualiopi);
  for (const label of cnefopLabels.labels) {
    const inserted = await db
      .insertInto("cnefop_labels")
      .values({ name: label.name })
      .onConflict((oc) => oc.column("name").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted) counts.labels++;
  }
  return counts;
}

async function loadOne(db: Executor, data: ReferentielFile, counts: LoadCounts): Promise<void> {
  let referentiel = await db.selectFrom("referentiels").select("id").where("key", "=", data.key).executeTakeFirst();
  if (!referentiel) {
    referentiel = await db
      .insertInto("referentiels")
      .values({
        key: data.key,
        name: data.name,
        legal_basis: data.legal_basis,
        evidence_rule: data.evidence_rule,
        circuit_court_rule: data.circuit_court ?? null,
        notes: data.notes,
        in_force_from: data.in_force.from,
        in_force_to: data.in_force.to,
        is_open: data.key === DEFAULT_OPEN_REFERENTIEL,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    counts.referentiels++;
  }
  let version = await db
    .selectFrom("referentiel_versions")
    .select("id")
    .where("referentiel_id", "=", referentiel.id)
    .where("version", "=", 1)
    .executeTakeFirst();
  if (!version) {
    version = await db
      .insertInto("referentiel_versions")
      .values({ referentiel_id: referentiel.id, version: 1, status: "published", published_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
  }
  const versionId = version.id;
  const criterionIds = new Map<number, string>();
  for (const criterion of data.criteria) {
    const inserted = await db
      .insertInto("criteria")
      .values({ version_id: versionId, number: criterion.number, title: criterion.title })
      .onConflict((oc) => oc.columns(["version_id", "number"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted) counts.criteria++;
  }
  const criteria = await db.selectFrom("criteria").select(["id", "number"]).where("version_id", "=", versionId).execute();
  for (const c of criteria) criterionIds.set(c.number, c.id);
  for (const [position, indicator] of data.indicators.entries()) {
    const criterionId = criterionIds.get(indicator.criterion);
    if (!criterionId) throw new Error(`${data.key}: indicator ${indicator.code} names unknown criterion ${indicator.criterion}`);
    const inserted = await db
      .insertInto("indicators")
      .values({
        version_id: versionId,
        criterion_id: criterionId,
        code: indicator.code,
        position: position + 1,
        title: indicator.title,
        verified: indicator.verified,
        circuit_court_exempts_proof: indicator.circuit_court_exempts_proof ?? true,
      })
      .onConflict((oc) => oc.columns(["version_id", "code"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted) counts.indicators++;
  }
}

interface MappingFile {
  from: string;
  to: string;
  pairs: { from: string; to: string; description: boolean; evidence: boolean }[];
}

/**
 * The indicator mapping between version 1 of two référentiels (issue 14.7), seeded once: only while
 * no mapping links the two versions, so pairs the coordination removed or changed are never restored.
 */
async function loadMapping(db: Executor, data: MappingFile): Promise<void> {
  const indicatorsOf = (key: string) =>
    db
      .selectFrom("indicators")
      .innerJoin("referentiel_versions as v", "v.id", "indicators.version_id")
      .innerJoin("referentiels as r", "r.id", "v.referentiel_id")
      .select(["indicators.id", "indicators.code", "indicators.version_id"])
      .where("r.key", "=", key)
      .where("v.version", "=", 1)
      .execute();
  const from = await indicatorsOf(data.from);
  const to = await indicatorsOf(data.to);
  if (from.length === 0 || to.length === 0) return;
  const existing = await db
    .selectFrom("indicator_mappings")
    .innerJoin("indicators as f", "f.id", "indicator_mappings.from_indicator_id")
    .innerJoin("indicators as t", "t.id", "indicator_mappings.to_indicator_id")
    .select("indicator_mappings.id")
    .where("f.version_id", "=", from[0]!.version_id) // non-empty: checked above
    .where("t.version_id", "=", to[0]!.version_id)
    .executeTakeFirst();
  if (existing) return;
  const fromId = new Map(from.map((i) => [i.code, i.id]));
  const toId = new Map(to.map((i) => [i.code, i.id]));
  const rows = data.pairs.flatMap((p) => {
    const fromIndicator = fromId.get(p.from);
    const toIndicator = toId.get(p.to);
    if (!fromIndicator || !toIndicator) throw new Error(`mapping ${data.from} → ${data.to}: unknown indicator ${p.from} or ${p.to}`);
    return [
      { from_indicator_id: fromIndicator, to_indicator_id: toIndicator, carry_description: p.description, carry_evidence: p.evidence },
    ];
  });
  await db
    .insertInto("indicator_mappings")
    .values(rows)
    .onConflict((oc) => oc.columns(["from_indicator_id", "to_indicator_id"]).doNothing())
    .execute();
}
