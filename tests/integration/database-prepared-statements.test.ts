import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type DatabaseHandle } from "../../db/client";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

/**
 * On PostgreSQL the app's client names the statements it repeats (decision record 056): the connection
 * holds them in pg_prepared_statements, reuses them with new parameters, and a pool created with
 * `preparedStatements: false` (behind a pooler that cannot keep them) prepares nothing.
 */
describe.skipIf(!process.env.DATABASE_URL)("prepared statements on PostgreSQL", () => {
  let t: TestDatabase;
  const handles: DatabaseHandle[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    for (const h of handles) await h.close();
    await t?.close();
  });

  function open(preparedStatements: boolean) {
    const handle = createDatabase({ databaseUrl: t.url!, poolSize: 1, preparedStatements });
    handles.push(handle);
    return handle.db;
  }

  /** The repeated read, then what the (single) connection holds prepared. */
  async function repeatAndList(db: ReturnType<typeof open>) {
    const names: string[] = [];
    for (const name of ["Alpha", "Beta", "Gamma"]) {
      const row = await db.selectNoFrom((eb) => eb.val(name).as("name")).executeTakeFirstOrThrow();
      names.push(row.name);
    }
    const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db);
    return { names, prepared: rows.map((r) => r.statement) };
  }

  it("prepares a repeated query once per connection and answers with each call's parameters", async () => {
    const { names, prepared } = await repeatAndList(open(true));
    expect(names).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(prepared).toContain('select $1 as "name"');
  });

  it("prepares nothing when turned off", async () => {
    const { names, prepared } = await repeatAndList(open(false));
    expect(names).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(prepared).toEqual([]);
  });
});
