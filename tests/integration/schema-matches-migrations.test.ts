import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import { compareColumns, databaseColumns, kyselyColumns, type Columns } from "./schema-columns";

// The Kysely types (db/schema/) are written by hand; this checks them against a database built by
// the migrations: same tables, same columns, same broad type and nullability, both ways.

describe("the Kysely schema matches the migrations", () => {
  let t: TestDatabase;
  let kysely: Columns;
  beforeAll(async () => {
    t = await createTestDatabase();
    kysely = kyselyColumns();
  });
  afterAll(() => t?.close());

  it("has every table and column of the migrated database, and nothing else", async () => {
    const database = await databaseColumns(t.db);
    expect(database.size).toBeGreaterThan(40);
    expect(compareColumns(database, kysely)).toEqual([]);
  });

  it("reports a column a migration adds, drops or changes", async () => {
    await sql`alter table users add column nickname text`.execute(t.db);
    await sql`alter table sessions drop column user_agent`.execute(t.db);
    await sql`alter table organisations alter column name drop not null`.execute(t.db);
    await sql`alter table sessions alter column ip type integer using 0`.execute(t.db);
    await sql`create table extra_table (id uuid primary key)`.execute(t.db);
    expect(compareColumns(await databaseColumns(t.db), kysely)).toEqual([
      "organisations.name: nullable in the database, not null in the Kysely types",
      "sessions.ip: number in the database, string in the Kysely types",
      "sessions.user_agent: in the Kysely types, not in the database",
      "table extra_table: in the database, not in the Kysely types",
      "users.nickname: in the database, not in the Kysely types",
    ]);
  });
});
