import { sql, type Kysely } from "kysely";

// Frozen. The directory at national scale (issue 15.1, decision record 049-search-at-scale): btree indexes
// on the OFs in each sort order the directory offers (name, city, region; ascending and descending, nulls
// last, then name and id as the tie-breakers), so that a page of 50 sorted OFs reads 50 index entries
// instead of sorting every match. The relevance order reads the name index too, one tier at a time,
// and its first tier (the folded text starting with the search) a prefix index of the search text.
// And the status of an OF's latest dossier (the directory's status filter, sort and column) in one
// index probe: dossiers by organisation, newest first (ties: greater id first), with the status.

const SORTS = [
  ["organisations_of_name", "name, id"],
  ["organisations_of_name_desc", "name desc nulls last, id"],
  ["organisations_of_city", "city, name, id"],
  ["organisations_of_city_desc", "city desc nulls last, name, id"],
  ["organisations_of_region", "region, name, id"],
  ["organisations_of_region_desc", "region desc nulls last, name, id"],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of SORTS) {
    await sql`create index ${sql.raw(name)} on organisations (${sql.raw(columns)}) where kind = 'of'`.execute(db);
  }
  await sql`create index organisations_of_search_prefix on organisations (search_text text_pattern_ops) where kind = 'of'`.execute(db);
  await sql`create index dossiers_org_latest on dossiers (organisation_id, created_at desc, id desc) include (status)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dossiers_org_latest`.execute(db);
  await sql`drop index if exists organisations_of_search_prefix`.execute(db);
  for (const [name] of SORTS) await sql`drop index if exists ${sql.raw(name)}`.execute(db);
}
