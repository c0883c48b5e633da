import { sql, type Kysely } from "kysely";

// Frozen. The funders' side: catalogues de référence (current rows + history), alerts and
// controls, the funders' closed space, API keys, webhooks with their delivery log, and the
// indexes the reporting dashboard needs at national scale.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("catalogue_entries")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("funder_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("reason", "text")
    .addColumn("added_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("added_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("catalogue_entries_funder_org", ["funder_id", "organisation_id"])
    .execute();
  await db.schema.createIndex("catalogue_entries_org").on("catalogue_entries").column("organisation_id").execute();

  await db.schema
    .createTable("catalogue_history")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("funder_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("action", "text", (c) => c.notNull().check(sql`action in ('added', 'removed')`))
    .addColumn("reason", "text")
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("catalogue_history_funder").on("catalogue_history").columns(["funder_id", "created_at"]).execute();

  await db.schema
    .createTable("alerts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("raised_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("raised_by_organisation_id", "uuid", (c) => c.references("organisations.id").onDelete("set null"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("file_id", "uuid", (c) => c.references("files.id"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(sql`status in ('open', 'closed')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("alerts_org").on("alerts").columns(["organisation_id", "created_at"]).execute();

  await db.schema
    .createTable("controls")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("alert_id", "uuid", (c) => c.references("alerts.id").onDelete("set null"))
    .addColumn("opened_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("indicator_ids", sql`uuid[]`, (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("closed_at", "timestamptz")
    .execute();
  await db.schema.createIndex("controls_dossier").on("controls").column("dossier_id").execute();

  await db.schema
    .createTable("funder_notes")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("author_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("author_organisation_id", "uuid", (c) => c.references("organisations.id").onDelete("set null"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('note', 'comment', 'document')`))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("file_id", "uuid", (c) => c.references("files.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("funder_notes_org").on("funder_notes").columns(["organisation_id", "created_at"]).execute();

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("funder_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("prefix", "text", (c) => c.notNull())
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("scope", "text", (c) => c.notNull().check(sql`scope in ('read', 'read-write')`))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema.createIndex("api_keys_funder").on("api_keys").column("funder_id").execute();

  await db.schema
    .createTable("webhooks")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("funder_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("events", sql`text[]`, (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("disabled_at", "timestamptz")
    .execute();
  await db.schema.createIndex("webhooks_funder").on("webhooks").column("funder_id").execute();

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("webhook_id", "uuid", (c) => c.notNull().references("webhooks.id").onDelete("cascade"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending', 'delivered', 'failed')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_status_code", "integer")
    .addColumn("last_error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("delivered_at", "timestamptz")
    .execute();
  await db.schema.createIndex("webhook_deliveries_due").on("webhook_deliveries").columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("webhook_deliveries_webhook").on("webhook_deliveries").columns(["webhook_id", "created_at"]).execute();

  // Reporting and API at national scale.
  await db.schema.createIndex("dossiers_org").on("dossiers").column("organisation_id").execute();
  await db.schema.createIndex("dossiers_decided").on("dossiers").columns(["decided_at"]).execute();
  await db.schema.createIndex("organisations_updated").on("organisations").columns(["kind", "updated_at", "id"]).execute();
  await db.schema
    .createIndex("indicator_review_history_indicator")
    .on("indicator_review_history")
    .columns(["indicator_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("indicator_review_history_actor")
    .on("indicator_review_history")
    .columns(["decided_by", "created_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    "indicator_review_history_actor",
    "indicator_review_history_indicator",
    "organisations_updated",
    "dossiers_decided",
    "dossiers_org",
  ]) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  for (const table of [
    "webhook_deliveries",
    "webhooks",
    "api_keys",
    "funder_notes",
    "controls",
    "alerts",
    "catalogue_history",
    "catalogue_entries",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
