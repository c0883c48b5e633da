import type { Kysely } from "kysely";
import { pino } from "pino";
import type { Database } from "../../db/schema";
import type { Mailer } from "../../domain/mail/mailer";
import { createEventDispatcher, type EventDispatcher, type EventHandler } from "../../server/events/dispatcher";
import { liveHandler } from "../../server/events/live-handler";
import { notificationHandler } from "../../server/events/notification-handler";

/**
 * The dispatcher server/ runs, for a test that drives services or route modules in-process: the
 * activity feed (no live rooms: no socket server here) and the OF's notifications through `mailer`.
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
    ],
  });
  await dispatcher.start();
  return dispatcher;
}
