import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { CertificateReviewStatus, Dossier } from "../../db/schema";
import { DomainError } from "../errors";
import { isCertificateValid, isoDay, type IndicatorAnswerState, type IndicatorRef } from "./completeness";
import { recordEvent } from "./timeline";

/**
 * Loading an OF's dossier and its référentiel. Every lookup is scoped by the organisation id in the
 * WHERE clause, so an id guessed from another OF finds nothing.
 */

/**
 * The référentiel version new dossiers use: the published version the coordination opened
 * (referentiel_versions.is_open), else the open référentiel (Datadock 2017 by default), latest published.
 */
export async function currentReferentielVersionId(db: Executor): Promise<string> {
  const row = await db
    .selectFrom("referentiel_versions")
    .innerJoin("referentiels", "referentiels.id", "referentiel_versions.referentiel_id")
    .select("referentiel_versions.id")
    .where("referentiel_versions.status", "=", "published")
    .orderBy(sql`referentiel_versions.is_open`, "desc")
    .orderBy(sql`referentiels.is_open`, "desc")
    .orderBy(sql`referentiels.key = 'datadock-2017'`, "desc")
    .orderBy("referentiel_versions.version", "desc")
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "dossier.noReferentiel");
  return row.id;
}

/** The OF's dossier on the current référentiel, if any (scoped by organisation). */
export async function findOfDossier(db: Executor, organisationId: string): Promise<Dossier | undefined> {
  return db
    .selectFrom("dossiers")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
}

export async function getOrCreateOfDossier(db: Executor, organisationId: string, actorId: string | null): Promise<Dossier> {
  const existing = await findOfDossier(db, organisationId);
  if (existing) return existing;
  const versionId = await currentReferentielVersionId(db);
  const created = await db
    .insertInto("dossiers")
    .values({ organisation_id: organisationId, referentiel_version_id: versionId })
    .onConflict((oc) => oc.columns(["organisation_id", "referentiel_version_id"]).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!created) return (await findOfDossier(db, organisationId))!;
  await recordEvent(db, { dossierId: created.id, actorId, kind: "dossier.created" });
  return created;
}

/** A dossier by id, only if it belongs to `organisationId`; not found otherwise. */
export async function requireOwnDossier(db: Executor, organisationId: string, dossierId: string): Promise<Dossier> {
  const row = await db
    .selectFrom("dossiers")
    .selectAll()
    .where("id", "=", dossierId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "errors.notFound");
  return row;
}

export interface IndicatorRow extends IndicatorRef {
  criterionTitle: string;
  position: number;
}

export async function listIndicators(db: Executor, versionId: string): Promise<IndicatorRow[]> {
  const rows = await db
    .selectFrom("indicators")
    .innerJoin("criteria", "criteria.id", "indicators.criterion_id")
    .select([
      "indicators.id",
      "indicators.code",
      "indicators.title",
      "indicators.position",
      "indicators.circuit_court_exempts_proof",
      "criteria.number as criterion_number",
      "criteria.title as criterion_title",
    ])
    .where("indicators.version_id", "=", versionId)
    .orderBy("criteria.number")
    .orderBy("indicators.position")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    position: r.position,
    criterionNumber: r.criterion_number,
    criterionTitle: r.criterion_title,
    circuitCourtExemptsProof: r.circuit_court_exempts_proof,
  }));
}

export async function requireIndicator(db: Executor, versionId: string, code: string): Promise<IndicatorRow> {
  const found = (await listIndicators(db, versionId)).find((i) => i.code === code);
  if (!found) throw new DomainError("not_found", "errors.notFound");
  return found;
}

/** Answers of a dossier with their live evidence count, keyed by indicator id. */
export async function loadAnswerStates(db: Executor, dossierId: string): Promise<Map<string, IndicatorAnswerState>> {
  const rows = await db
    .selectFrom("indicator_answers as a")
    .select([
      "a.indicator_id",
      "a.description",
      "a.not_applicable",
      "a.not_applicable_reason",
      (eb) =>
        eb
          .selectFrom("evidence as e")
          .select(sql<string>`count(*)`.as("n"))
          .whereRef("e.answer_id", "=", "a.id")
          .where("e.replaced_by", "is", null)
          .where("e.removed_at", "is", null)
          .as("evidence_count"),
    ])
    .where("a.dossier_id", "=", dossierId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.indicator_id,
      {
        description: r.description,
        notApplicable: r.not_applicable,
        notApplicableReason: r.not_applicable_reason,
        evidenceCount: Number(r.evidence_count ?? 0),
      },
    ]),
  );
}

export interface CircuitCourtStatus {
  /**
   * Exempts from evidence (decision record 037): a certificate within its dates that the examiner has
   * not refused. A pending one lets the OF submit; the dossier is declared datadocké only once it is
   * validated (closeExamination).
   */
  active: boolean;
  /** Within its dates and validated by an examiner. */
  validated: boolean;
  /** The latest declared certificate, valid or not (to show an expiry visibly). */
  latest: {
    id: string;
    labelName: string;
    validFrom: string;
    validTo: string;
    fileId: string;
    expired: boolean;
    reviewStatus: CertificateReviewStatus;
    reviewReason: string | null;
  } | null;
}

export async function circuitCourtStatus(db: Executor, organisationId: string, today = isoDay(new Date())): Promise<CircuitCourtStatus> {
  const rows = await db
    .selectFrom("circuit_court_certificates as c")
    .innerJoin("cnefop_labels as l", "l.id", "c.label_id")
    .select([
      "c.id",
      "c.file_id",
      "c.withdrawn_at",
      "l.name as label_name",
      "c.review_status",
      "c.review_reason",
      sql<string>`c.valid_from::text`.as("valid_from"),
      sql<string>`c.valid_to::text`.as("valid_to"),
    ])
    .where("c.organisation_id", "=", organisationId)
    .where("c.withdrawn_at", "is", null)
    .orderBy("c.created_at", "desc")
    .execute();
  const active = rows.some((r) => isCertificateValid(r, today) && r.review_status !== "refused");
  const validated = rows.some((r) => isCertificateValid(r, today) && r.review_status === "validated");
  const latest = rows[0];
  return {
    active,
    validated,
    latest: latest
      ? {
          id: latest.id,
          labelName: latest.label_name,
          validFrom: latest.valid_from,
          validTo: latest.valid_to,
          fileId: latest.file_id,
          expired: latest.valid_to < today,
          reviewStatus: latest.review_status,
          reviewReason: latest.review_reason,
        }
      : null,
  };
}
