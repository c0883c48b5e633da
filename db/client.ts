import { Kysely, PostgresDialect } from "kysely";
import { PGlite } from "@electric-sql/pglite";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import type { Database } from "./schema";
import { pgliteExtensions } from "./pglite-extensions";
import { namePreparedStatements, preparedStatementPolicy } from "./prepared-statements";

export type DB = Kysely<Database>;

export interface DatabaseHandle {
  db: DB;
  driver: "postgres" | "pglite";
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  databaseUrl?: string;
  /** Folder for PGlite's data; `memory://` keeps it in memory (tests). */
  pgliteDir?: string;
  poolSize?: number;
  /**
   * PostgreSQL only: name the statements the server repeats, so each connection parses and plans them
   * once (db/prepared-statements.ts, decision record 056). On by default; off behind a pooler that
   * cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
   */
  preparedStatements?: boolean;
}

// Same value shapes on both drivers: int8 (bigserial ids, counts) and date as strings, timestamptz as Date.
const INT8 = 20;
const DATE = 1082;
pg.types.setTypeParser(INT8, (v) => v);
pg.types.setTypeParser(DATE, (v) => v);

export function createDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
    });
    // A client losing its server (database restart, connection cut) must not crash the process: idle
    // clients report to the pool; a checked-out client between two queries emits "error" on itself,
    // which unheard would be thrown (the outage test saw it kill the server). The query in flight, if
    // any, fails on its own, and pg-pool discards the broken client when it is released.
    pool.on("error", () => {});
    const statements = options.preparedStatements === false ? null : preparedStatementPolicy();
    pool.on("connect", (client) => {
      client.on("error", () => {});
      if (statements) namePreparedStatements(client as unknown as Parameters<typeof namePreparedStatements>[0], statements);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      driver: "postgres",
      async ping() {
        const client = await pool.connect();
        try {
          await client.query("select 1");
        } finally {
          client.release();
        }
      },
      close: () => db.destroy(),
    };
  }
  const pglite = new PGlite(options.pgliteDir ?? "memory://", {
    parsers: { [INT8]: (v: string) => v, [DATE]: (v: string) => v },
    extensions: pgliteExtensions,
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    driver: "pglite",
    async ping() {
      await pglite.query("select 1");
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
