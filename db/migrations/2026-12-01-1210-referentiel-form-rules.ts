import { sql, type Kysely } from "kysely";

// Frozen. The rules of the form per référentiel version (issue 14.9): the longest description (in
// characters of visible text) and the most evidence items an indicator takes, and the examples of
// evidence the coordination suggests for each indicator.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("referentiel_versions")
    .addColumn("description_max_chars", "integer", (c) =>
      c
        .notNull()
        .defaultTo(1000)
        .check(sql`description_max_chars between 1 and 50000`),
    )
    .execute();
  await db.schema
    .alterTable("referentiel_versions")
    .addColumn("evidence_max_per_indicator", "integer", (c) =>
      c
        .notNull()
        .defaultTo(3)
        .check(sql`evidence_max_per_indicator between 1 and 100`),
    )
    .execute();
  await db.schema
    .alterTable("indicators")
    .addColumn("evidence_examples", "text", (c) => c.notNull().defaultTo(""))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("indicators").dropColumn("evidence_examples").execute();
  await db.schema.alterTable("referentiel_versions").dropColumn("evidence_max_per_indicator").execute();
  await db.schema.alterTable("referentiel_versions").dropColumn("description_max_chars").execute();
}
