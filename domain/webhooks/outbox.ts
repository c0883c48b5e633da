import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { WebhookEvent } from "../../db/schema";

export interface EnqueueOptions {
  /** Restricts the event to that funder's webhooks (catalogue.changed); dossier events go to every funder. */
  funderId?: string;
  /** When the change happened (the domain event's time); now by default. */
  occurredAt?: Date;
  /** The domain event announced: queued once per webhook however often it is dispatched. */
  domainEventId?: string;
}

/**
 * The delivery queue: an event is queued as one delivery row per subscribed webhook, which the
 * webhook dispatcher (webhooks/dispatcher.ts) POSTs and retries. Called by the domain-event handler
 * in server/events/webhook-handler.ts once the change committed (decision 030). A domain event
 * dispatched again (its dispatcher died before marking it) queues nothing more: (domain_event_id,
 * webhook_id) is unique and a second insert does nothing. Returns the deliveries queued by this call.
 */
export async function enqueueWebhookEvent(
  db: Executor,
  event: WebhookEvent,
  payload: Record<string, unknown>,
  options: EnqueueOptions = {},
): Promise<number> {
  const { funderId, occurredAt = new Date(), domainEventId = null } = options;
  let query = db
    .selectFrom("webhooks")
    .select("id")
    .where("disabled_at", "is", null)
    .where(sql<boolean>`${event} = any(events)`);
  if (funderId) query = query.where("funder_id", "=", funderId);
  const hooks = await query.execute();
  if (hooks.length === 0) return 0;
  const body = JSON.stringify({ event, occurred_at: occurredAt.toISOString(), data: payload });
  const queued = await db
    .insertInto("webhook_deliveries")
    .values(hooks.map((h) => ({ webhook_id: h.id, event, payload: body, domain_event_id: domainEventId })))
    .onConflict((oc) => oc.columns(["domain_event_id", "webhook_id"]).doNothing())
    .returning("id")
    .execute();
  return queued.length;
}
