import type { Kysely } from "kysely";
import { pino } from "pino";
import type { Database } from "../../db/schema";
import type { Mailer } from "../../domain/mail/mailer";
import type { StoredDomainEvent } from "../../domain/events/domain-event";
import { createEventDispatcher, type EventDispatcher, type EventHandler } from "../../server/events/dispatcher";
import { liveHandler } from "../../server/events/live-handler";
import { notificationHandler } from "../../server/events/notification-handler";
import { webhookHandler } from "../../server/events/webhook-handler";

/**
 * The dispatcher server/ runs, for a test that drives services or route modules in-process: the
 * activity feed (no live rooms: no socket server here), the OF's notifications through `mailer` and
 * the webhook deliveries (queued, not POSTed: a test delivers them with deliverDue).
 * Stop it in afterAll.
 */
export async function startTestDispatcher(
  db: Kysely<Database>,
  options: { mailer: Mailer; publicUrl?: string; instanceId?: string; handlers?: EventHandler[]; pollMs?: number; graceMs?: number },
): Promise<EventDispatcher> {
  const logger = pino({ level: "silent" });
  const dispatcher = createEventDispatcher({
    db,
    instanceId: options.instanceId ?? "test",
    logger,
    pollMs: options.pollMs,
    graceMs: options.graceMs,
    handlers: options.handlers ?? [
      liveHandler(db, logger, () => undefined),
      notificationHandler({ db, mailer: options.mailer, publicUrl: options.publicUrl ?? "http://localhost" }),
      webhookHandler(db),
    ],
  });
  await dispatcher.start();
  return dispatcher;
}

/**
 * The dispatcher's mailer when a file starts one dispatcher but each test checks its own mailer:
 * mails go to the sink the test last chose (none before: they are dropped).
 */
export function switchableMailer(): Mailer & { use(sink: Mailer): void } {
  let sink: Mailer | undefined;
  return {
    use(next) {
      sink = next;
    },
    async send(mail) {
      await sink?.send(mail);
    },
    async listLocal() {
      return null;
    },
  };
}

/** Only the events `accept` keeps reach `handler` (a file that checks one cause's side effects). */
export function onlyEvents(handler: EventHandler, accept: (event: StoredDomainEvent) => boolean): EventHandler {
  return { name: handler.name, handle: async (event) => (accept(event) ? handler.handle(event) : undefined) };
}
