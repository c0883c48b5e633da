import type { Executor } from "../../db/executor";
import type { DossierStatus } from "../../db/schema";

/** Reads and writes of attestations (domain/attestations owns the table). */

/** The dossier's attestation still in force (not revoked), the latest first. */
export async function findLiveAttestation(db: Executor, dossierId: string) {
  return db
    .selectFrom("attestations")
    .selectAll()
    .where("dossier_id", "=", dossierId)
    .where("revoked_at", "is", null)
    .orderBy("issued_at", "desc")
    .executeTakeFirst();
}

export async function insertAttestation(
  db: Executor,
  row: { code: string; organisationId: string; dossierId: string; datadockeAt: Date; issuedBy: string },
) {
  return db
    .insertInto("attestations")
    .values({
      code: row.code,
      organisation_id: row.organisationId,
      dossier_id: row.dossierId,
      datadocke_at: row.datadockeAt,
      issued_by: row.issuedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Revokes every attestation of the dossier still in force; called when the dossier stops being datadocké. */
export async function revokeAttestationsOfDossier(db: Executor, dossierId: string): Promise<void> {
  await db
    .updateTable("attestations")
    .set({ revoked_at: new Date() })
    .where("dossier_id", "=", dossierId)
    .where("revoked_at", "is", null)
    .execute();
}

export interface AttestationRecord {
  code: string;
  datadockeAt: Date;
  issuedAt: Date;
  revokedAt: Date | null;
  dossierStatus: DossierStatus;
  organisationName: string;
  siret: string | null;
  nda: string | null;
  referentielName: string;
  referentielVersion: number;
}

/** An attestation with what it prints and what its validity depends on, by its stored code. */
export async function findAttestationByCode(db: Executor, code: string): Promise<AttestationRecord | undefined> {
  const row = await db
    .selectFrom("attestations")
    .innerJoin("dossiers", "dossiers.id", "attestations.dossier_id")
    .innerJoin("organisations", "organisations.id", "attestations.organisation_id")
    .innerJoin("referentiel_versions", "referentiel_versions.id", "dossiers.referentiel_version_id")
    .innerJoin("referentiels", "referentiels.id", "referentiel_versions.referentiel_id")
    .select([
      "attestations.code",
      "attestations.datadocke_at",
      "attestations.issued_at",
      "attestations.revoked_at",
      "dossiers.status",
      "organisations.name",
      "organisations.siret",
      "organisations.nda",
      "referentiels.name as referentiel_name",
      "referentiel_versions.version",
    ])
    .where("attestations.code", "=", code)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    code: row.code,
    datadockeAt: row.datadocke_at,
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    dossierStatus: row.status,
    organisationName: row.name,
    siret: row.siret,
    nda: row.nda,
    referentielName: row.referentiel_name,
    referentielVersion: row.version,
  };
}
