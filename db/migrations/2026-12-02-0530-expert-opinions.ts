import { sql, type Kysely } from "kysely";

// Frozen. Expert opinions (issue 15.7, decision record 044): an examiner asks a named person — a funder's
// member, or an outside expert invited by e-mail — for an opinion on chosen indicators of one dossier,
// by a due date. The expert answers in the request's own confidential thread (expert_messages), which
// no OF query reads. An outside expert's account is set up through a mailed token of kind 'expert_invitation'.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("expert_requests")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("dossier_id", "uuid", (c) => c.notNull().references("dossiers.id").onDelete("cascade"))
    .addColumn("requested_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("requester_organisation_id", "uuid", (c) => c.references("organisations.id").onDelete("set null"))
    .addColumn("expert_user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expert_kind", "text", (c) => c.notNull().check(sql`expert_kind in ('member', 'outside')`))
    .addColumn("question", "text", (c) => c.notNull().check(sql`length(btrim(question)) > 0`))
    .addColumn("due_on", "date", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(sql`status in ('open', 'answered', 'withdrawn')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("answered_at", "timestamptz")
    .addColumn("withdrawn_at", "timestamptz")
    .addColumn("withdrawn_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("last_reminded_on", "date")
    .execute();
  await db.schema.createIndex("expert_requests_expert_idx").on("expert_requests").columns(["expert_user_id", "created_at"]).execute();
  await db.schema.createIndex("expert_requests_dossier_idx").on("expert_requests").columns(["dossier_id", "created_at"]).execute();
  await sql`create index expert_requests_open_due_idx on expert_requests (due_on) where status = 'open'`.execute(db);
  await sql`comment on table expert_requests is 'An examiner''s request for an expert opinion on chosen indicators of one dossier (never shown to the OF)'`.execute(
    db,
  );

  await db.schema
    .createTable("expert_request_indicators")
    .addColumn("request_id", "uuid", (c) => c.notNull().references("expert_requests.id").onDelete("cascade"))
    .addColumn("indicator_id", "uuid", (c) => c.notNull().references("indicators.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("expert_request_indicators_pk", ["request_id", "indicator_id"])
    .execute();

  await db.schema
    .createTable("expert_messages")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("request_id", "uuid", (c) => c.notNull().references("expert_requests.id").onDelete("cascade"))
    .addColumn("author_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("from_expert", "boolean", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull().check(sql`length(btrim(body)) > 0`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("expert_messages_request_idx").on("expert_messages").columns(["request_id", "created_at"]).execute();
  await sql`comment on table expert_messages is 'The confidential thread of an expert request: the expert and the examiners, never the OF'`.execute(
    db,
  );

  await sql`alter table email_tokens drop constraint email_tokens_kind_check`.execute(db);
  await sql`alter table email_tokens add constraint email_tokens_kind_check
            check (kind in ('verify_email', 'reset_password', 'invitation', 'expert_invitation'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from email_tokens where kind = 'expert_invitation'`.execute(db);
  await sql`alter table email_tokens drop constraint email_tokens_kind_check`.execute(db);
  await sql`alter table email_tokens add constraint email_tokens_kind_check
            check (kind in ('verify_email', 'reset_password', 'invitation'))`.execute(db);
  await db.schema.dropTable("expert_messages").execute();
  await db.schema.dropTable("expert_request_indicators").execute();
  await db.schema.dropTable("expert_requests").execute();
}
