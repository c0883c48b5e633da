import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Executor } from "../../db/executor";
import { afterCommit } from "../../db/transaction";
import type { DomainEvent } from "./domain-event";

/** Told the ids of events just committed on a database (the dispatcher of this process). */
export type CommittedListener = (eventIds: string[]) => Promise<void>;

// Shared through globalThis: services run from the Remix build (its own bundled copy of this module)
// while server/ subscribes through the unbundled one.
const LISTENERS = Symbol.for("datadock.domainEvents.committed");
const listeners: WeakMap<Kysely<Database>, Set<CommittedListener>> = ((globalThis as Record<symbol, unknown>)[LISTENERS] ??=
  new WeakMap()) as WeakMap<Kysely<Database>, Set<CommittedListener>>;

/**
 * Records `event` in the outbox, in the caller's transaction: it exists if and only if the change
 * commits. Once committed, this process's dispatcher is told at once (awaited, so a request's side
 * effects are done when its action returns); other instances and restarts find it by polling.
 */
export async function recordDomainEvent(db: Executor, event: DomainEvent): Promise<void> {
  const row = await db
    .insertInto("domain_events")
    .values({ type: event.type, payload: JSON.stringify(event.payload) })
    .returning("id")
    .executeTakeFirstOrThrow();
  await afterCommit(db, async (root) => {
    for (const listener of listeners.get(root) ?? []) await listener([row.id]);
  });
}

/** The dispatcher of `db` subscribes to the events committed through it; returns the unsubscribe. */
export function onEventsCommitted(db: Kysely<Database>, listener: CommittedListener): () => void {
  const set = listeners.get(db) ?? new Set<CommittedListener>();
  set.add(listener);
  listeners.set(db, set);
  return () => set.delete(listener);
}
