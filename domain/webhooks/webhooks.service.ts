import { randomBytes } from "node:crypto";
import type { Executor } from "../../db/executor";
import type { WebhookEvent } from "../../db/schema";
import type { Actor } from "../permissions/actor";
import { DomainError, forbidden, invalid } from "../errors";
import { canManageWebhooks } from "../permissions/policy";
import { judgeDestination, type EgressPolicy } from "./egress";

export const WEBHOOK_EVENTS: readonly WebhookEvent[] = ["dossier.status_changed", "catalogue.changed"];

/**
 * A funder admin registers a URL for chosen events; the secret is shown to sign-check deliveries.
 * A URL whose host is, or resolves to, an inside address (egress.ts) is refused with a field error;
 * every delivery checks again after resolving (delivery-request.ts).
 */
export async function registerWebhook(
  db: Executor,
  actor: Actor,
  input: { funderId: string; url: string; events: string[] },
  egress: EgressPolicy = {},
): Promise<{ id: string; secret: string }> {
  if (!canManageWebhooks(actor, input.funderId)) throw forbidden();
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw invalid({ url: ["webhooks.invalidUrl"] });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid({ url: ["webhooks.invalidUrl"] });
  if (url.username || url.password) throw invalid({ url: ["webhooks.invalidUrl"] });
  const events = [...new Set(input.events)].filter((e): e is WebhookEvent => WEBHOOK_EVENTS.includes(e as WebhookEvent));
  if (events.length === 0) throw invalid({ events: ["webhooks.eventsRequired"] });
  if ((await judgeDestination(url, egress)) === "refused") throw invalid({ url: ["webhooks.insideUrl"] });
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const row = await db
    .insertInto("webhooks")
    .values({ funder_id: input.funderId, url: url.toString(), secret, events, created_by: actor.userId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, secret };
}

export async function disableWebhook(db: Executor, actor: Actor, funderId: string, webhookId: string): Promise<void> {
  if (!canManageWebhooks(actor, funderId)) throw forbidden();
  const row = await db
    .updateTable("webhooks")
    .set({ disabled_at: new Date() })
    .where("id", "=", webhookId)
    .where("funder_id", "=", funderId)
    .returning("id")
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "errors.notFound");
}

/**
 * The hooks and their last 100 deliveries. A delivery's result is only delivered / pending /
 * failed: status codes, error texts and retry times (which would tell how long an attempt took)
 * stay in the database for operators, never shown to the admin.
 */
export async function listWebhooks(db: Executor, actor: Actor, funderId: string) {
  if (!canManageWebhooks(actor, funderId)) throw forbidden();
  const hooks = await db
    .selectFrom("webhooks")
    .select(["id", "url", "events", "created_at as createdAt", "disabled_at as disabledAt"])
    .where("funder_id", "=", funderId)
    .orderBy("created_at", "desc")
    .execute();
  const deliveries = await db
    .selectFrom("webhook_deliveries")
    .innerJoin("webhooks", "webhooks.id", "webhook_deliveries.webhook_id")
    .select([
      "webhook_deliveries.id",
      "webhook_deliveries.webhook_id as webhookId",
      "webhook_deliveries.event",
      "webhook_deliveries.status",
      "webhook_deliveries.attempts",
      "webhook_deliveries.created_at as createdAt",
    ])
    .where("webhooks.funder_id", "=", funderId)
    .orderBy("webhook_deliveries.id", "desc")
    .limit(100)
    .execute();
  return { hooks, deliveries };
}
