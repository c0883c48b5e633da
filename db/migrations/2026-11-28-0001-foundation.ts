import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('of', 'funder', 'coordination')`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("siren", "char(9)")
    .addColumn("siret", "char(14)", (c) => c.unique())
    .addColumn("nda", "char(11)")
    .addColumn("address", "text")
    .addColumn("postal_code", "text")
    .addColumn("city", "text")
    .addColumn("region", "text")
    .addColumn("website", "text")
    .addColumn("contact_email", "text")
    .addColumn("phone", "text")
    .addColumn("training_domains", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("organisations_of_ids", sql`kind <> 'of' or (siret is not null and siren is not null and nda is not null)`)
    .execute();
  await db.schema.createIndex("organisations_kind_region").on("organisations").columns(["kind", "region"]).execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("full_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("password_hash", "text")
    .addColumn("email_verified_at", "timestamptz")
    .addColumn("disabled_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("users_email_lower", sql`email = lower(email)`)
    .execute();

  await db.schema
    .createTable("memberships")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("role", "text", (c) =>
      c.notNull().check(sql`role in ('of_admin', 'of_member', 'funder_reviewer', 'funder_admin', 'coordinator')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("memberships_user_org", ["user_id", "organisation_id"])
    .execute();
  await db.schema.createIndex("memberships_org").on("memberships").column("organisation_id").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey()) // hex SHA-256 of the cookie token
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("revoked_at", "timestamptz")
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("email_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('verify_email', 'reset_password', 'invitation')`))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("organisation_id", "uuid", (c) => c.references("organisations.id").onDelete("cascade"))
    .addColumn("role", "text")
    .addColumn("invited_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("auth_failures")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("auth_failures_email").on("auth_failures").columns(["email", "created_at"]).execute();
  await db.schema.createIndex("auth_failures_ip").on("auth_failures").columns(["ip", "created_at"]).execute();

  await db.schema
    .createTable("referentiels")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("legal_basis", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("evidence_rule", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("circuit_court_rule", "text")
    .addColumn("notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("in_force_from", "date")
    .addColumn("in_force_to", "date")
    .addColumn("is_open", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("referentiel_versions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("referentiel_id", "uuid", (c) => c.notNull().references("referentiels.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn("published_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("referentiel_versions_number", ["referentiel_id", "version"])
    .execute();

  await db.schema
    .createTable("criteria")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("version_id", "uuid", (c) => c.notNull().references("referentiel_versions.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addUniqueConstraint("criteria_version_number", ["version_id", "number"])
    .execute();

  await db.schema
    .createTable("indicators")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("version_id", "uuid", (c) => c.notNull().references("referentiel_versions.id").onDelete("cascade"))
    .addColumn("criterion_id", "uuid", (c) => c.notNull().references("criteria.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("verified", "boolean", (c) => c.notNull())
    .addColumn("circuit_court_exempts_proof", "boolean", (c) => c.notNull().defaultTo(true))
    .addUniqueConstraint("indicators_version_code", ["version_id", "code"])
    .execute();

  await db.schema
    .createTable("cnefop_labels")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("dossiers")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("referentiel_version_id", "uuid", (c) => c.notNull().references("referentiel_versions.id"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("brouillon")
        .check(sql`status in ('brouillon', 'soumis', 'en_examen', 'a_completer', 'datadocke', 'non_conforme', 'dereference')`),
    )
    .addColumn("submitted_at", "timestamptz")
    .addColumn("decided_at", "timestamptz")
    .addColumn("examiner_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("dossiers_org_version", ["organisation_id", "referentiel_version_id"])
    .execute();
  await db.schema.createIndex("dossiers_status").on("dossiers").columns(["status", "submitted_at"]).execute();

  await db.schema
    .createTable("dossier_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("dossier_events_dossier").on("dossier_events").columns(["dossier_id", "created_at"]).execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("read_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("notifications_user").on("notifications").columns(["user_id", "read_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "notifications",
    "dossier_events",
    "dossiers",
    "cnefop_labels",
    "indicators",
    "criteria",
    "referentiel_versions",
    "referentiels",
    "auth_failures",
    "email_tokens",
    "sessions",
    "memberships",
    "users",
    "organisations",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
