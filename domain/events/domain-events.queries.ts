import { sql } from "kysely";
import type { Executor } from "../../db/executor";

/** An outbox row claimed by one instance, to dispatch. */
export interface ClaimedEventRow {
  id: string;
  type: string;
  payload: unknown;
  createdAt: Date;
}

export interface PendingClaim {
  /** The claiming instance. */
  instanceId: string;
  /** Unclaimed events younger than this are left to the instance that committed them (it dispatches at once). */
  graceMs: number;
  /** A claim older than this is taken over: its instance died between claim and dispatch. */
  leaseMs: number;
  /** Also take over claims of `instanceId` itself, whatever their age (a restart of a killed instance). */
  reclaimOwn?: boolean;
  limit?: number;
}

type Row = { id: string; type: string; payload: unknown; created_at: Date | string; seq: string };

function toClaimed(rows: Row[]): ClaimedEventRow[] {
  return rows
    .sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1))
    .map((r) => ({ id: r.id, type: r.type, payload: r.payload, createdAt: new Date(r.created_at) }));
}

/**
 * Claims the given events (just committed by this process) unless another instance already did:
 * the update is atomic, so each event is claimed once.
 */
export async function claimEvents(db: Executor, instanceId: string, ids: readonly string[]): Promise<ClaimedEventRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable("domain_events")
    .set({ claimed_by: instanceId, claimed_at: sql`now()` })
    .where("id", "in", ids)
    .where("dispatched_at", "is", null)
    .where("claimed_at", "is", null)
    .returning(["id", "type", "payload", "created_at", "seq"])
    .execute();
  return toClaimed(rows);
}

/**
 * Claims undispatched events nobody is dispatching: unclaimed past the grace, or claimed longer ago
 * than the lease. Rows another instance is claiming at the same moment are skipped (SKIP LOCKED).
 */
export async function claimPendingEvents(db: Executor, claim: PendingClaim): Promise<ClaimedEventRow[]> {
  const graceSeconds = claim.graceMs / 1000;
  const leaseSeconds = claim.leaseMs / 1000;
  const own = claim.reclaimOwn ? sql`or claimed_by = ${claim.instanceId}` : sql``;
  const { rows } = await sql<Row>`
    update domain_events set claimed_by = ${claim.instanceId}, claimed_at = now()
    where id in (
      select id from domain_events
      where dispatched_at is null
        and ((claimed_at is null and created_at <= now() - make_interval(secs => ${graceSeconds}))
          or claimed_at < now() - make_interval(secs => ${leaseSeconds}) ${own})
      order by seq
      limit ${claim.limit ?? 100}
      for update skip locked
    )
    returning id, type, payload, created_at, seq`.execute(db);
  return toClaimed(rows);
}

/** Marks claimed events dispatched (only while this instance still holds the claim). */
export async function markEventsDispatched(db: Executor, instanceId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("domain_events")
    .set({ dispatched_at: sql`now()` })
    .where("id", "in", ids)
    .where("claimed_by", "=", instanceId)
    .where("dispatched_at", "is", null)
    .execute();
}

/** Events dispatched before `before` (their payloads copy names and addresses; retention, decision record 039). */
export async function purgeDispatchedEvents(db: Executor, before: Date): Promise<number> {
  const rows = await db.deleteFrom("domain_events").where("dispatched_at", "<", before).returning("id").execute();
  return rows.length;
}
