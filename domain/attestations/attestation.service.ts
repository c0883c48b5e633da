import type { Executor } from "../../db/executor";
import type { DossierStatus } from "../../db/schema";
import { inTransaction } from "../../db/transaction";
import { findOfDossier } from "../dossiers/dossier-access";
import { DomainError } from "../errors";
import type { Actor } from "../permissions/actor";
import { canDownloadAttestation, dossierSide } from "../permissions/access";
import { generateAttestationCode } from "./attestation-code";
import { findAttestationByCode, findLiveAttestation, insertAttestation, type AttestationRecord } from "./attestations.queries";

/**
 * Attestations of datadockage (issue 14.5).
 *
 * Issuing: a member of a datadocké OF asks for its attestation; the dossier's attestation still in
 * force is reused (same code, so copies already printed or sent keep verifying), else a new one is
 * issued with a fresh code. The date printed is the dossier's decision date when it was issued.
 *
 * Validity, asked on the public page: an attestation is valid while it is not revoked and its
 * dossier is datadocké — or under a control (en examen after a control opened on a datadocké
 * dossier: the OF stays datadocké until the outcome). A dossier that stops being datadocké (closed
 * non conforme, sent back to complete, de-listed after a control) revokes its attestations for
 * good, in the same transaction (domain/examination/status-change.ts); a later datadockage issues a
 * new code. A funder removing the OF from its own catalogue does not change datadocké, so not this.
 */

const STATUSES_KEEPING_VALIDITY: readonly DossierStatus[] = ["datadocke", "en_examen"];

/** Whether a status change to `to` revokes the dossier's attestations. */
export function revokesAttestations(to: DossierStatus): boolean {
  return !STATUSES_KEEPING_VALIDITY.includes(to);
}

export async function issueAttestation(db: Executor, actor: Actor, organisationId: string): Promise<AttestationRecord> {
  return inTransaction(db, async (trx) => {
    const found = await findOfDossier(trx, organisationId);
    // No dossier yet: not datadocké either (the route already checked the actor is the OF's staff).
    if (!found) throw new DomainError("conflict", "attestation.notDatadocke");
    if (dossierSide(actor, { organisationId: found.organisation_id, status: found.status }) !== "of") {
      throw new DomainError("not_found", "errors.notFound");
    }
    const dossier = await trx.selectFrom("dossiers").selectAll().where("id", "=", found.id).forUpdate().executeTakeFirstOrThrow();
    if (!canDownloadAttestation(actor, { organisationId: dossier.organisation_id, status: dossier.status })) {
      throw new DomainError("conflict", "attestation.notDatadocke");
    }
    const live = await findLiveAttestation(trx, dossier.id);
    const code =
      live?.code ??
      (
        await insertAttestation(trx, {
          code: generateAttestationCode(),
          organisationId: dossier.organisation_id,
          dossierId: dossier.id,
          datadockeAt: dossier.decided_at ?? dossier.updated_at,
          issuedBy: actor.userId,
        })
      ).code;
    const record = await findAttestationByCode(trx, code);
    if (!record) throw new DomainError("not_found", "errors.notFound");
    return record;
  });
}

/** What the public page shows of an attestation: nothing about the OF beyond what the attestation prints. */
export type AttestationCheck =
  | { found: false }
  | {
      found: true;
      valid: boolean;
      organisationName: string;
      siret: string | null;
      referentiel: string;
      datadockeAt: Date;
    };

export async function checkAttestation(db: Executor, code: string): Promise<AttestationCheck> {
  const record = await findAttestationByCode(db, code);
  if (!record) return { found: false };
  return {
    found: true,
    valid: record.revokedAt === null && STATUSES_KEEPING_VALIDITY.includes(record.dossierStatus),
    organisationName: record.organisationName,
    siret: record.siret,
    referentiel: `${record.referentielName} (version ${record.referentielVersion})`,
    datadockeAt: record.datadockeAt,
  };
}
