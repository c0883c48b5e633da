import { sql, type Kysely } from "kysely";

// Frozen. Control campaigns (issue 15.6, decision record 048): the coordination draws a
// random sample of datadocké OFs, stratified by region, from a recorded seed, and opens a control on each.
// - control_campaigns: the parameters, the seed, the algorithm and the population's size and fingerprint;
// - control_campaign_population: the population as drawn from (organisation and region), with the draw's
//   position of each drawn OF. No foreign key on purpose: the snapshot must stay as it was drawn, so
//   that "vérifier le tirage" replays it whatever happens to the OFs since;
// - control_campaign_members: the drawn OFs' controls, opened in batches (pending → opened or skipped).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("control_campaigns")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("referentiel_version_id", "uuid", (c) => c.notNull().references("referentiel_versions.id"))
    .addColumn("indicator_ids", sql`uuid[]`, (c) => c.notNull())
    .addColumn("percent_bp", "integer", (c) => c.notNull().check(sql`percent_bp between 1 and 10000`))
    .addColumn("regions", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("seed", "bigint", (c) => c.notNull().check(sql`seed between 0 and 4294967295`))
    .addColumn("algorithm", "text", (c) => c.notNull())
    .addColumn("population_size", "integer", (c) => c.notNull())
    .addColumn("population_hash", "text", (c) => c.notNull())
    .addColumn("drawn_count", "integer", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("control_campaigns_created").on("control_campaigns").column("created_at").execute();

  await db.schema
    .createTable("control_campaign_population")
    .addColumn("campaign_id", "uuid", (c) => c.notNull().references("control_campaigns.id").onDelete("cascade"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull())
    .addColumn("region", "text", (c) => c.notNull())
    .addColumn("drawn_position", "integer")
    .addPrimaryKeyConstraint("control_campaign_population_pk", ["campaign_id", "organisation_id"])
    .execute();

  await db.schema
    .createTable("control_campaign_members")
    .addColumn("campaign_id", "uuid", (c) => c.notNull().references("control_campaigns.id").onDelete("cascade"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("region", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`state in ('pending', 'opened', 'skipped')`),
    )
    .addColumn("control_id", "uuid", (c) => c.references("controls.id").onDelete("set null"))
    .addColumn("skip_reason", "text")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("control_campaign_members_pk", ["campaign_id", "organisation_id"])
    .execute();
  await db.schema.createIndex("control_campaign_members_state").on("control_campaign_members").columns(["campaign_id", "state"]).execute();
  await db.schema.createIndex("control_campaign_members_control").on("control_campaign_members").column("control_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("control_campaign_members").execute();
  await db.schema.dropTable("control_campaign_population").execute();
  await db.schema.dropTable("control_campaigns").execute();
}
