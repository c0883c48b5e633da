import { sql, type Kysely } from "kysely";

// Frozen. Login throttling by growing delays, shared by every instance: one row per
// (account, address) and one per address (account ''), replacing the per-account lock
// counted in auth_failures.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("login_throttles")
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("last_failure_at", "timestamptz", (c) => c.notNull())
    .addColumn("blocked_until", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("login_throttles_pk", ["account", "address"])
    .execute();
  await db.schema.createIndex("login_throttles_last_failure").on("login_throttles").column("last_failure_at").execute();
  await sql`comment on table login_throttles is 'Failed logins per (account, address) and per address (empty account): count, and the time before which attempts wait'`.execute(
    db,
  );
  await db.schema.dropTable("auth_failures").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("login_throttles").execute();
  await db.schema
    .createTable("auth_failures")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("auth_failures_email").on("auth_failures").columns(["email", "created_at"]).execute();
  await db.schema.createIndex("auth_failures_ip").on("auth_failures").columns(["ip", "created_at"]).execute();
}
