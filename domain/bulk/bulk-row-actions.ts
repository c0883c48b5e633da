import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { Actor } from "../permissions/actor";
import { canSeeDossier } from "../permissions/access";
import { canAssign, canExamine, canUseFunderLabels } from "../permissions/policy";
import { funderIdOf } from "../permissions/actor-side";
import { loadDossierState, ofOrganisationAccessFor, type LoadedDossier } from "../permissions/resource-access.service";
import { assignDossier, takeDossier } from "../examination/take";
import { addLabel, labelsOn } from "../labels/funder-labels.service";
import { forbidden, notFound } from "../errors";
import { findLatestDossierId, type ClaimedBulkJob } from "./bulk-jobs.queries";
import type { BulkSkipReason } from "./bulk-jobs.service";

/**
 * One row of a bulk job (decision record 043), in the transaction that records its outcome. Every
 * row is authorised on its own through the policy, as the one-row action would be: the dossier must
 * be one the actor sees (canSeeDossier), the OF one they see, and the action theirs (canAssign,
 * canExamine, canUseFunderLabels); then the one-row service does the change and its own checks.
 * A row that needs nothing, or has nothing to act on, is skipped with a reason (RowSkipped).
 */

export class RowSkipped extends Error {
  readonly isRowSkipped = true;
  constructor(readonly reason: BulkSkipReason) {
    super(reason);
  }
}

export function isRowSkipped(error: unknown): error is RowSkipped {
  return typeof error === "object" && error !== null && (error as { isRowSkipped?: unknown }).isRowSkipped === true;
}

export async function applyBulkRow(trx: Transaction<Database>, actor: Actor, job: ClaimedBulkJob, targetId: string): Promise<void> {
  if (job.action === "label") return labelRow(trx, actor, job, targetId);
  const dossier = await dossierOfRow(trx, actor, job, targetId);
  if (job.action === "assign") {
    const examinerId = String(job.params.examinerId ?? "");
    if (!canAssign(actor)) throw forbidden();
    if (dossier.status === "en_examen" && dossier.examinerId === examinerId) throw new RowSkipped("already");
    await assignDossier(trx, actor, dossier.id, examinerId);
    return;
  }
  if (!canExamine(actor)) throw forbidden();
  if (dossier.examinerId === actor.userId) throw new RowSkipped("already");
  await takeDossier(trx, actor, dossier.id);
}

/** The dossier a row acts on: the row itself (queue), or the OF's latest dossier past its draft (directory). */
async function dossierOfRow(trx: Transaction<Database>, actor: Actor, job: ClaimedBulkJob, targetId: string): Promise<LoadedDossier> {
  if (job.target === "dossier") {
    const dossier = await loadDossierState(trx, targetId);
    if (!dossier) throw notFound();
    if (!canSeeDossier(actor, dossier)) throw forbidden();
    return dossier;
  }
  if (!(await ofOrganisationAccessFor(trx, actor, targetId))) throw notFound();
  const latestId = await findLatestDossierId(trx, targetId);
  const dossier = latestId ? await loadDossierState(trx, latestId) : undefined;
  // A draft is the OF's alone: for a funder, that OF has no dossier to examine yet.
  if (!dossier || !canSeeDossier(actor, dossier)) throw new RowSkipped("no_dossier");
  return dossier;
}

async function labelRow(trx: Transaction<Database>, actor: Actor, job: ClaimedBulkJob, targetId: string): Promise<void> {
  const funderId = funderIdOf(actor);
  if (!funderId || !canUseFunderLabels(actor, funderId)) throw forbidden();
  const name = String(job.params.labelName ?? "");
  if (job.target === "dossier") {
    const dossier = await loadDossierState(trx, targetId);
    if (!dossier) throw notFound();
    if (!canSeeDossier(actor, dossier)) throw forbidden();
  } else if (!(await ofOrganisationAccessFor(trx, actor, targetId))) {
    throw notFound();
  }
  const current = (await labelsOn(trx, actor, job.target, [targetId]))[targetId] ?? [];
  if (current.some((label) => label.name.toLowerCase() === name.toLowerCase())) throw new RowSkipped("already");
  await addLabel(trx, actor, { kind: job.target, id: targetId }, name);
}
