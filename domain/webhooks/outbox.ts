import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { WebhookEvent } from "../../db/schema";

/**
 * The delivery queue: an event is queued as one delivery row per subscribed webhook, which the
 * webhook dispatcher (webhooks/dispatcher.ts) POSTs and retries. Called by the domain-event handler
 * in server/events/webhook-handler.ts once the change committed (decision 030), with the domain
 * event's time as `occurredAt`. `funderId` restricts the event to that funder's webhooks
 * (catalogue.changed); dossier events go to every funder.
 */
export async function enqueueWebhookEvent(
  db: Executor,
  event: WebhookEvent,
  payload: Record<string, unknown>,
  funderId?: string,
  occurredAt: Date = new Date(),
): Promise<number> {
  let query = db
    .selectFrom("webhooks")
    .select("id")
    .where("disabled_at", "is", null)
    .where(sql<boolean>`${event} = any(events)`);
  if (funderId) query = query.where("funder_id", "=", funderId);
  const hooks = await query.execute();
  if (hooks.length === 0) return 0;
  const body = JSON.stringify({ event, occurred_at: occurredAt.toISOString(), data: payload });
  await db
    .insertInto("webhook_deliveries")
    .values(hooks.map((h) => ({ webhook_id: h.id, event, payload: body })))
    .execute();
  return hooks.length;
}
