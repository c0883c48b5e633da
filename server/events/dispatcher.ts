import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { claimEvents, claimPendingEvents, markEventsDispatched, type ClaimedEventRow } from "../../db/queries/domain-events";
import { onEventsCommitted } from "../../domain/events/record-event";
import type { StoredDomainEvent } from "../../domain/events/domain-event";
import type { Logger } from "../logger";

/** One consumer of domain events (live rooms and activity feed, notifications). Errors are logged. */
export interface EventHandler {
  name: string;
  handle(event: StoredDomainEvent): Promise<void>;
}

export interface DispatcherOptions {
  db: Kysely<Database>;
  /** Names this instance's claims (hostname:port: a restart takes over what its killed run claimed). */
  instanceId: string;
  handlers: readonly EventHandler[];
  logger: Logger;
  /** How often the outbox is read for events no instance dispatched (default 2 s). */
  pollMs?: number;
  /** Left to the committing instance before another takes it (default 2 s). */
  graceMs?: number;
  /** A claim older than this is taken over (default 30 s). */
  leaseMs?: number;
}

export interface EventDispatcher {
  /** Subscribes to this process's commits, dispatches what is pending (start-up), then polls. */
  start(): Promise<void>;
  /** Claims and dispatches the pending events now (what the poll does). */
  drainPending(options?: { graceMs?: number }): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The one place side effects happen (decision 030): events committed by this process are claimed
 * and dispatched at once (the committing service awaits it); the outbox is read at start-up and
 * every `pollMs` for events whose instance died before dispatching. Each event is claimed by exactly
 * one instance (atomic update; SKIP LOCKED), its handlers run in order, then it is marked dispatched.
 */
export function createEventDispatcher(options: DispatcherOptions): EventDispatcher {
  const { db, instanceId, handlers, logger } = options;
  const pollMs = options.pollMs ?? 2_000;
  const graceMs = options.graceMs ?? 2_000;
  const leaseMs = options.leaseMs ?? 30_000;
  let unsubscribe: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<unknown> = Promise.resolve();
  const inFlight = new Set<Promise<unknown>>();

  async function dispatch(rows: ClaimedEventRow[]): Promise<void> {
    for (const row of rows) {
      const event = { id: row.id, type: row.type, payload: row.payload, createdAt: row.createdAt } as StoredDomainEvent;
      for (const handler of handlers) {
        try {
          await handler.handle(event);
        } catch (err) {
          logger.warn({ err, event: event.type, id: event.id, handler: handler.name }, "domain event handler failed");
        }
      }
      await markEventsDispatched(db, instanceId, [row.id]);
    }
  }

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => {});
    return work;
  }

  async function dispatchCommitted(ids: string[]): Promise<void> {
    try {
      await track(claimEvents(db, instanceId, ids).then(dispatch));
    } catch (err) {
      logger.warn({ err }, "domain events not dispatched after commit (the poll retries)");
    }
  }

  async function drainPending(drain: { graceMs?: number; reclaimOwn?: boolean } = {}): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await claimPendingEvents(db, { instanceId, graceMs: drain.graceMs ?? graceMs, leaseMs, reclaimOwn: drain.reclaimOwn });
      if (rows.length === 0) return total;
      await track(dispatch(rows));
      total += rows.length;
    }
  }

  function poll() {
    polling = drainPending()
      .catch((err: unknown) => logger.warn({ err }, "domain event poll failed"))
      .finally(() => {
        if (!unsubscribe) return;
        timer = setTimeout(poll, pollMs);
        timer.unref();
      });
  }

  return {
    async start() {
      unsubscribe = onEventsCommitted(db, dispatchCommitted);
      // What a killed run (this instance or another) committed but never dispatched.
      const recovered = await drainPending({ graceMs: 0, reclaimOwn: true });
      if (recovered > 0) logger.info({ recovered }, "domain events dispatched at start-up");
      timer = setTimeout(poll, pollMs);
      timer.unref();
    },
    drainPending: (drain) => drainPending(drain),
    async stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      if (timer) clearTimeout(timer);
      await polling;
      await Promise.allSettled([...inFlight]);
    },
  };
}
