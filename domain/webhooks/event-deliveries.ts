import type { Executor } from "../../db/executor";
import type { CatalogueChanged, DossierStatusChanged } from "../events/domain-event";
import { enqueueWebhookEvent } from "./outbox";

/** The stored domain event a delivery announces: its id (the delivery's unique key) and its time. */
export interface EventOrigin {
  id: string;
  createdAt: Date;
}

/**
 * The webhook bodies of domain events (decision 030), queued by server/events/webhook-handler.ts
 * once the change committed: `occurred_at` is the event's time, and an event dispatched twice queues
 * its deliveries once. Returns the deliveries queued by this call.
 */
export async function queueDossierStatusWebhooks(db: Executor, p: DossierStatusChanged, origin: EventOrigin): Promise<number> {
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
  return enqueueWebhookEvent(db, "dossier.status_changed", data, { occurredAt: origin.createdAt, domainEventId: origin.id });
}

/** A catalogue change goes to that funder's webhooks only. */
export async function queueCatalogueWebhooks(db: Executor, p: CatalogueChanged, origin: EventOrigin): Promise<number> {
  const data = { funder_id: p.funderId, organisation_id: p.organisationId, siret: p.siret, action: p.action, reason: p.reason };
  return enqueueWebhookEvent(db, "catalogue.changed", data, {
    funderId: p.funderId,
    occurredAt: origin.createdAt,
    domainEventId: origin.id,
  });
}
