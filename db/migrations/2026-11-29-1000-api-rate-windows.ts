import { sql, type Kysely } from "kysely";

// Frozen. API rate limiting shared by every instance: one row per API key and fixed window,
// incremented with an upsert (one round trip per API request).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("api_rate_windows")
    .addColumn("api_key_id", "uuid", (c) => c.notNull().references("api_keys.id").onDelete("cascade"))
    .addColumn("window_start", "timestamptz", (c) => c.notNull())
    .addColumn("hits", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("api_rate_windows_pk", ["api_key_id", "window_start"])
    .execute();
  await sql`comment on table api_rate_windows is 'Fixed-window API request counts per key (RateLimit-* headers)'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("api_rate_windows").execute();
}
