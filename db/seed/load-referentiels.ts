import type { Executor } from "../executor";
// Imported rather than read from disk, so the compiled server (dist/) carries them (docs/decisions/029).
import cnefopLabels from "./referentiels/cnefop-labels-2016.json";
import datadock2017 from "./referentiels/datadock-2017.json";
import qualiopiRnq from "./referentiels/qualiopi-rnq.json";

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
