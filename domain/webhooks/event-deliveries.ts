import type { Executor } from "../../db/executor";
import type { CatalogueChanged, DossierStatusChanged } from "../events/domain-event";
import { enqueueWebhookEvent } from "./outbox";

/**
 * The webhook bodies of domain events (decision 030), queued by server/events/webhook-handler.ts
 * once the change committed. `occurredAt` is the event's time. Returns the deliveries queued.
 */
export async function queueDossierStatusWebhooks(db: Executor, p: DossierStatusChanged, occurredAt: Date): Promise<number> {
  // A reassignment within "en examen" is recorded with the same status: no change to announce.
  if (p.from === p.to) return 0;
  const organisation = await db.selectFrom("organisations").select(["siret", "name"]).where("id", "=", p.organisationId).executeTakeFirst();
  const data = {
    dossier_id: p.dossierId,
    organisation_id: p.organisationId,
    siret: organisation?.siret?.trim() ?? null,
    name: organisation?.name ?? null,
    from: p.from,
    to: p.to,
  };
  return enqueueWebhookEvent(db, "dossier.status_changed", data, undefined, occurredAt);
}

/** A catalogue change goes to that funder's webhooks only. */
export async function queueCatalogueWebhooks(db: Executor, p: CatalogueChanged, occurredAt: Date): Promise<number> {
  const data = { funder_id: p.funderId, organisation_id: p.organisationId, siret: p.siret, action: p.action, reason: p.reason };
  return enqueueWebhookEvent(db, "catalogue.changed", data, p.funderId, occurredAt);
}
