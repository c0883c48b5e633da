import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type DatabaseHandle } from "../../db/client";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

/**
 * A connection that PostgreSQL drops while the app holds it between two queries (inside a transaction,
 * say) must not take the process down: pg emits "error" on the checked-out client, which unheard is
 * thrown as an uncaught exception (vitest reports it and fails the run). The outage test met it as a
 * server that died just after it was ready.
 */
describe.skipIf(!process.env.DATABASE_URL)("a PostgreSQL connection lost while checked out", () => {
  let t: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    t = await createTestDatabase();
    handle = createDatabase({ databaseUrl: t.url!, poolSize: 2 });
  });
  afterAll(async () => {
    await handle?.close();
    await t?.close();
  });

  it("fails the work in hand, not the process, and the pool goes on with a new connection", async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      const outcome = await handle.db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          const pid = rows[0]!.pid;
          await admin.query("select pg_terminate_backend($1)", [pid]);
          // Wait until the client has heard its connection end (the barrier: the backend is gone).
          for (let i = 0; i < 100; i++) {
            const { rows: alive } = await admin.query("select 1 from pg_stat_activity where pid = $1", [pid]);
            if (alive.length === 0) break;
            await new Promise((r) => setTimeout(r, 20));
          }
          await sql`select 1`.execute(trx);
          return "went on";
        })
        .then(
          (value) => value,
          (error: unknown) => `failed: ${(error as Error).message}`,
        );
      expect(outcome).toMatch(/^failed: /);
      await handle.ping();
      const { rows } = await sql<{ n: number }>`select 1 as n`.execute(handle.db);
      expect(rows[0]?.n).toBe(1);
    } finally {
      await admin.end();
    }
  });
});
