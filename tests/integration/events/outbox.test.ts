import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { inTransaction } from "../../../db/transaction";
import { recordDomainEvent } from "../../../domain/events/record-event";
import type { DomainEvent, StoredDomainEvent } from "../../../domain/events/domain-event";
import { createEventDispatcher, type EventDispatcher, type EventHandler } from "../../../server/events/dispatcher";

/**
 * The domain-event outbox (decision 030) on a real database: what rolls back is never dispatched,
 * what was committed but not dispatched (the process died) is dispatched later by a restart or
 * another instance, and two instances dispatch each event exactly once.
 */
let t: TestDatabase;
const running: EventDispatcher[] = [];
const logger = pino({ level: "silent" });

beforeAll(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  for (const d of running.splice(0)) await d.stop();
  await t.db.deleteFrom("domain_events").execute();
});
afterAll(async () => {
  await t?.close();
});

function threadChanged(code: string): DomainEvent {
  return {
    type: "thread.changed",
    payload: { dossierId: "00000000-0000-4000-8000-000000000001", code, kind: "read", userId: "00000000-0000-4000-8000-000000000002" },
  };
}

/** A handler that records what it saw, and resolves `seen(code)` once that event arrived. */
function recorder(name = "recorder", handlingMs = 0) {
  const codes: string[] = [];
  const waiters = new Map<string, () => void>();
  const handler: EventHandler = {
    name,
    async handle(event: StoredDomainEvent) {
      if (event.type !== "thread.changed") return;
      codes.push(event.payload.code);
      // A handler that takes time (a mail server): claims by the other instance overlap it.
      if (handlingMs > 0) await new Promise((r) => setTimeout(r, handlingMs));
      waiters.get(event.payload.code)?.();
    },
  };
  const seen = (code: string) =>
    new Promise<void>((resolve, reject) => {
      if (codes.includes(code)) return resolve();
      const timer = setTimeout(() => reject(new Error(`${code} not dispatched`)), 10_000);
      waiters.set(code, () => (clearTimeout(timer), resolve()));
    });
  return { codes, handler, seen };
}

function dispatcher(instanceId: string, handlers: EventHandler[], options: { pollMs?: number; graceMs?: number; leaseMs?: number } = {}) {
  const d = createEventDispatcher({ db: t.db, instanceId, handlers, logger, ...options });
  running.push(d);
  return d;
}

async function pendingCount(): Promise<number> {
  const row = await t.db
    .selectFrom("domain_events")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("dispatched_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("the domain-event outbox", () => {
  it("never dispatches an event whose transaction rolled back", async () => {
    const seen = recorder();
    await dispatcher("a", [seen.handler]).start();
    await expect(
      inTransaction(t.db, async (trx) => {
        await recordDomainEvent(trx, threadChanged("rolled-back"));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    // Barrier: a later committed event is dispatched by the same dispatcher, in order.
    await inTransaction(t.db, (trx) => recordDomainEvent(trx, threadChanged("committed")));
    await seen.seen("committed");
    expect(seen.codes).toEqual(["committed"]);
    expect(await t.db.selectFrom("domain_events").select("type").execute()).toHaveLength(1);
  });

  it("dispatches at once after the commit: the service call returns with its side effects done", async () => {
    const seen = recorder();
    await dispatcher("a", [seen.handler]).start();
    await inTransaction(t.db, (trx) => recordDomainEvent(trx, threadChanged("now")));
    expect(seen.codes).toEqual(["now"]);
    expect(await pendingCount()).toBe(0);
  });

  it("dispatches at start-up what a dead process committed but never dispatched, and takes over a dead instance's claim", async () => {
    // Committed with no dispatcher running: the state a process killed between commit and dispatch leaves.
    await inTransaction(t.db, (trx) => recordDomainEvent(trx, threadChanged("orphan")));
    expect(await pendingCount()).toBe(1);
    // Claimed by an instance that died before marking it dispatched.
    await inTransaction(t.db, (trx) => recordDomainEvent(trx, threadChanged("claimed-by-the-dead")));
    await t.db
      .updateTable("domain_events")
      .set({ claimed_by: "dead:1", claimed_at: new Date() })
      .where("id", "=", await idOf("claimed-by-the-dead"))
      .execute();

    const restarted = recorder();
    await dispatcher("b", [restarted.handler], { leaseMs: 1_500, pollMs: 50 }).start();
    expect(restarted.codes).toEqual(["orphan"]); // at start-up; the dead claim is still within its lease
    await restarted.seen("claimed-by-the-dead"); // after the lease, by the poll
    await waitUntil(async () => (await pendingCount()) === 0); // marked once its handlers ran
    expect(restarted.codes).toEqual(["orphan", "claimed-by-the-dead"]);
  });

  it("two instances dispatch each event exactly once", async () => {
    const a = recorder("a", 3);
    const b = recorder("b", 3);
    // Both see this process's commits and both poll without grace: every event is contended.
    await dispatcher("instance-a", [a.handler], { pollMs: 5, graceMs: 0 }).start();
    await dispatcher("instance-b", [b.handler], { pollMs: 5, graceMs: 0 }).start();
    const codes = Array.from({ length: 60 }, (_, i) => `e${i}`);
    await Promise.all(
      codes.map((code, i) =>
        i % 2 === 0
          ? inTransaction(t.db, (trx) => recordDomainEvent(trx, threadChanged(code)))
          : // Committed outside inTransaction: no after-commit call, only the polls find it.
            t.db.transaction().execute((trx) => recordDomainEvent(trx, threadChanged(code))),
      ),
    );
    await Promise.all(codes.map((code) => Promise.race([a.seen(code), b.seen(code)])));
    await waitUntil(async () => (await pendingCount()) === 0);
    const all = [...a.codes, ...b.codes].sort();
    expect(all).toEqual([...codes].sort());
    expect(new Set(all).size).toBe(codes.length);
  });
});

async function idOf(code: string): Promise<string> {
  const rows = await t.db.selectFrom("domain_events").select(["id", "payload"]).execute();
  return rows.find((r) => (r.payload as { code: string }).code === code)!.id;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 20));
  }
}
