import { sql, type Kysely } from "kysely";

// Frozen. The API quota is per funder, not per key: a funder's keys share one count per window
// (a second key must not double the quota). The per-key windows are transient counts: dropped.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("api_rate_windows").execute();
  await db.schema
    .createTable("api_rate_windows")
    .addColumn("funder_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("window_start", "timestamptz", (c) => c.notNull())
    .addColumn("hits", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("api_rate_windows_pk", ["funder_id", "window_start"])
    .execute();
  await sql`comment on table api_rate_windows is 'Fixed-window API request counts per funder, all its keys together (RateLimit-* headers)'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("api_rate_windows").execute();
  await db.schema
    .createTable("api_rate_windows")
    .addColumn("api_key_id", "uuid", (c) => c.notNull().references("api_keys.id").onDelete("cascade"))
    .addColumn("window_start", "timestamptz", (c) => c.notNull())
    .addColumn("hits", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("api_rate_windows_pk", ["api_key_id", "window_start"])
    .execute();
}
