import { sql, type Kysely } from "kysely";

// Frozen. The directory search (decision 040): one folded text per organisation — name, SIRET, SIREN,
// NDA, postal code, city, region, without accents and in lower case — kept by PostgreSQL as a generated
// column, and a trigram index on it for the OFs, so that a search tolerates accents, case and typos.
// `search_fold` wraps unaccent (STABLE, since it reads its dictionary) as IMMUTABLE with the dictionary
// named in full, which a generated column and an index need; PGlite loads both extensions (db/pglite-extensions.ts).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists unaccent with schema public`.execute(db);
  await sql`create extension if not exists pg_trgm with schema public`.execute(db);
  await sql`
    create function public.search_fold(text) returns text
    language sql immutable parallel safe strict
    as $$ select lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
  `.execute(db);
  await sql`
    alter table organisations add column search_text text generated always as (
      public.search_fold(
        coalesce(name, '') || ' ' || coalesce(siret::text, '') || ' ' || coalesce(siren::text, '') || ' ' ||
        coalesce(nda::text, '') || ' ' || coalesce(postal_code::text, '') || ' ' || coalesce(city, '') || ' ' || coalesce(region, '')
      )
    ) stored
  `.execute(db);
  await sql`create index organisations_search_trgm on organisations using gin (search_text public.gin_trgm_ops) where kind = 'of'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists organisations_search_trgm`.execute(db);
  await sql`alter table organisations drop column if exists search_text`.execute(db);
  await sql`drop function if exists public.search_fold(text)`.execute(db);
}
