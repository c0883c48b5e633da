import type { Transaction } from "kysely";
import type { Database, Dossier, DossierStatus } from "../../db/schema";
import { transition, type DossierTransition, type TransitionSide } from "../dossiers/status-machine";
import { DomainError } from "../errors";
import { recordDomainEvent } from "../events/record-event";
import { revokesAttestations } from "../attestations/attestation.service";
import { revokeAttestationsOfDossier } from "../attestations/attestations.queries";
import { moveDeadlines } from "../delays/deadlines";
import type {
  ClosingOutcome,
  ControlNotice,
  DossierStatusChanged,
  EventActor,
  ReopenNotice,
  ResubmissionNotice,
} from "../events/domain-event";

export interface StatusChange {
  dossier: Dossier;
  action: DossierTransition;
  side: TransitionSide;
  actorId: string;
  eventKind: string;
  payload?: Record<string, unknown>;
  examinerId?: string | null;
  decided?: boolean;
}

/**
 * Applies a transition of the state machine inside `trx`: the dossier row moves only if nobody
 * changed it since it was read (dossiers.version), then the stages' due days and one dossier event (the trace). The caller
 * records the domain event (recordStatusChanged): webhooks, notifications and the feed follow from it.
 */
export async function applyStatusChange(trx: Transaction<Database>, change: StatusChange): Promise<Dossier> {
  const { dossier } = change;
  const to: DossierStatus = transition(dossier.status, change.action, change.side);
  const updated = await trx
    .updateTable("dossiers")
    .set((eb) => ({
      status: to,
      version: eb("version", "+", 1),
      updated_at: new Date(),
      ...(change.examinerId !== undefined ? { examiner_id: change.examinerId } : {}),
      ...(change.decided ? { decided_at: new Date() } : {}),
    }))
    .where("id", "=", dossier.id)
    .where("version", "=", dossier.version)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new DomainError("conflict", "examination.dossierChanged");
  await resetCoExaminersOnNewExaminer(trx, dossier.id, dossier.examiner_id, updated.examiner_id);
  // No longer datadocké (closed, sent back, de-listed): its attestations stop verifying, for good.
  if (revokesAttestations(to)) await revokeAttestationsOfDossier(trx, dossier.id);
  // The stages' due days (decision record 045): a submission opens them, a take or a closing ends them.
  const examinerId = updated.examiner_id ?? (change.side === "of" ? null : change.actorId);
  await moveDeadlines(trx, { dossierId: dossier.id, action: change.action, from: dossier.status, to, examinerId });
  const payload = { from: dossier.status, to, ...(change.payload ?? {}) };
  await trx
    .insertInto("dossier_events")
    .values({ dossier_id: dossier.id, actor_id: change.actorId, kind: change.eventKind, payload: JSON.stringify(payload) })
    .execute();
  return updated;
}

/** Records the domain event of a status change made by `cause` (decision 030), in its transaction. */
export async function recordStatusChanged(
  trx: Transaction<Database>,
  before: Pick<Dossier, "id" | "organisation_id" | "status">,
  after: Pick<Dossier, "status">,
  cause: DossierStatusChanged["cause"],
  actor: EventActor,
  extra: {
    detail?: string;
    closing?: ClosingOutcome;
    control?: ControlNotice;
    reopen?: ReopenNotice;
    resubmission?: ResubmissionNotice;
  } = {},
): Promise<void> {
  await recordDomainEvent(trx, {
    type: "dossier.status_changed",
    payload: {
      dossierId: before.id,
      organisationId: before.organisation_id,
      cause,
      from: before.status,
      to: after.status,
      actor,
      ...(extra.detail ? { detail: extra.detail } : {}),
      ...(extra.closing ? { closing: extra.closing } : {}),
      ...(extra.control ? { control: extra.control } : {}),
      ...(extra.reopen ? { reopen: extra.reopen } : {}),
      ...(extra.resubmission ? { resubmission: extra.resubmission } : {}),
    },
  });
}

/**
 * A new examiner starts with no co-examiners: the previous examiner chose them (decision record 022).
 * Called in the transaction that changes `dossiers.examiner_id`; the same examiner taking again keeps them.
 */
export async function resetCoExaminersOnNewExaminer(
  trx: Transaction<Database>,
  dossierId: string,
  previousExaminerId: string | null,
  nextExaminerId: string | null,
): Promise<void> {
  if (previousExaminerId === nextExaminerId) return;
  await trx.deleteFrom("dossier_co_examiners").where("dossier_id", "=", dossierId).execute();
}

/** Loads a dossier for update (row lock), or not found. */
export async function lockDossier(trx: Transaction<Database>, dossierId: string): Promise<Dossier> {
  const dossier = await trx.selectFrom("dossiers").selectAll().where("id", "=", dossierId).forUpdate().executeTakeFirst();
  if (!dossier) throw new DomainError("not_found", "errors.notFound");
  return dossier;
}
