import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { StoredDomainEvent } from "../../domain/events/domain-event";
import { queueCatalogueWebhooks, queueDossierStatusWebhooks } from "../../domain/webhooks/event-deliveries";
import type { EventHandler } from "./dispatcher";

/**
 * Domain events to funders' webhooks (decision 030): a status change of a dossier goes to every
 * subscribed funder, a catalogue change to that funder's webhooks only. This handler only queues
 * the deliveries (webhook_deliveries); the webhook dispatcher POSTs them with its egress checks and
 * retries. `occurred_at` is when the change committed (the event's time), not when it is dispatched;
 * an event dispatched again (at-least-once) finds its deliveries queued and queues nothing more.
 */
export function webhookHandler(db: Kysely<Database>): EventHandler {
  return {
    name: "webhooks",
    async handle(event: StoredDomainEvent) {
      if (event.type === "dossier.status_changed") await queueDossierStatusWebhooks(db, event.payload, event);
      else if (event.type === "catalogue.changed") await queueCatalogueWebhooks(db, event.payload, event);
    },
  };
}
