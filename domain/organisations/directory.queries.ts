import { sql, type SqlBool } from "kysely";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import type { DossierStatus } from "../../db/schema";
import { interpretDirectoryQuery } from "./directory-search";

/** The most rows an export holds (every OF at national scale). */
export const EXPORT_MAX_ROWS = 100_000;

/** The directory's sort keys; "relevance" only means something with a search text. */
export const DIRECTORY_SORTS = ["relevance", "name", "city", "region", "status"] as const;
export type DirectorySort = (typeof DIRECTORY_SORTS)[number];

export interface DirectoryFilters {
  /** The one search box (decision 040). */
  q?: string;
  status?: DossierStatus;
  region?: string;
  cnefopLabelId?: string;
  /** One of the funder's own labels (issue 15.4): the caller checked it is the actor's funder's (ownLabelId). */
  funderLabelId?: string;
  /** Only these OFs (a selection of rows exported, issue 15.3), still within the other filters. */
  ids?: readonly string[];
  /** The OF or its latest dossier changed since (the API's updated_since). */
  updatedSince?: Date;
  sort?: DirectorySort;
  descending?: boolean;
  limit?: number;
  offset?: number;
  /** An export: up to EXPORT_MAX_ROWS rows in one go. */
  forExport?: boolean;
  /** Skip the count (the API pages with a cursor and never shows a total). */
  withoutTotal?: boolean;
}

export interface DirectoryRow {
  id: string;
  name: string;
  siret: string | null;
  siren: string | null;
  nda: string | null;
  city: string | null;
  region: string | null;
  status: DossierStatus | null;
  /** The CNEFOP labels the OF holds today (declared, not withdrawn nor refused, still valid). */
  cnefopLabels: string[];
}

/** Active CNEFOP labels, the vocabulary the search box recognises. */
export function listSearchableCnefopLabels(db: Executor) {
  return db.selectFrom("cnefop_labels").select(["id", "name"]).where("active", "=", true).orderBy("name").execute();
}

function holdsLabel(labelId: string) {
  return sql<SqlBool>`exists (
    select 1 from circuit_court_certificates c
    where c.organisation_id = o.id and c.label_id = ${labelId} and c.withdrawn_at is null
      and c.review_status <> 'refused' and c.valid_to >= current_date)`;
}

/** Threshold of `<%` (pg_trgm's word similarity) in a fuzzy search: 6 trigrams of 10 are shared by a one-letter typo in a 9-letter word. */
const WORD_SIMILARITY = 0.5;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same conditions on a count and on the page
function textCondition<Q extends { where: (...args: any[]) => any }>(query: Q, words: string[], letters: string, fuzzy: boolean): Q {
  let q = query;
  for (const word of words) {
    if (fuzzy && !/^\d+$/.test(word)) continue;
    q = q.where(sql<SqlBool>`o.search_text like ${`%${word}%`}`);
  }
  if (fuzzy) q = q.where(sql<SqlBool>`${letters} <% o.search_text`);
  return q;
}

/** Whether some OF contains every word as typed. */
async function anyExactMatch(db: Executor, words: string[]): Promise<boolean> {
  const row = await textCondition(db.selectFrom("organisations as o").where("o.kind", "=", "of"), words, "", false)
    .select("o.id")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The status of the OF's latest dossier, read per row only where needed (a filter, a sort, the page). */
const latestStatus = sql<DossierStatus | null>`(select d.status from dossiers d where d.organisation_id = o.id order by d.created_at desc limit 1)`;

/**
 * OFs matching the search box and the filters, with the status of their latest dossier. The text is
 * matched on the trigram index of `organisations.search_text`: contained as typed (a SIRET prefix, a
 * city) — every word — or, when no OF has them all, close enough (`<%`, pg_trgm's word similarity) — so
 * "Formation Rhone" and "Formaton Rhône" both find "Rhône Formation Pro".
 */
export async function searchDirectory(db: Executor, filters: DirectoryFilters): Promise<{ rows: DirectoryRow[]; total: number }> {
  return withSearch(db, filters, pageOf);
}

/**
 * The ids of every OF matching the search and the filters, by name, at most `max` (a bulk action on
 * "all matching this filter", issue 15.3).
 */
export async function searchDirectoryIds(db: Executor, filters: DirectoryFilters, max: number): Promise<string[]> {
  return withSearch(db, filters, async (executor, interpreted, text) => {
    const rows = await filteredOfs(executor, interpreted, text).select("o.id").orderBy("o.name").orderBy("o.id").limit(max).execute();
    return rows.map((r) => r.id);
  });
}

interface SearchText {
  text: string;
  words: string[];
  letters: string;
  fuzzy: boolean;
}

/** Reads the search box (a status, a CNEFOP label, words) and runs `run` with the fuzzy threshold set when it needs it. */
async function withSearch<T>(
  db: Executor,
  filters: DirectoryFilters,
  run: (db: Executor, filters: DirectoryFilters, text: SearchText) => Promise<T>,
) {
  const labels = filters.q ? await listSearchableCnefopLabels(db) : [];
  const interpreted = interpretDirectoryQuery(filters.q ?? "", labels);
  const status = filters.status ?? interpreted.status;
  const cnefopLabelId = filters.cnefopLabelId ?? interpreted.cnefopLabelId;
  const text = interpreted.text;

  // Folded text holds only [a-z0-9 ]: nothing to escape in a LIKE pattern.
  const words = text ? text.split(" ") : [];
  const letters = words.filter((w) => !/^\d+$/.test(w)).join(" ");
  // First every word as typed (contained: a name, a SIRET prefix, a city); only when nothing matches,
  // words close enough (typos), numbers still as typed — a typo in a number is another OF.
  const fuzzy = text !== "" && letters !== "" && !(await anyExactMatch(db, words));
  if (!fuzzy) return run(db, { ...filters, status, cnefopLabelId }, { text, words, letters, fuzzy });
  return inTransaction(db, async (trx) => {
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY)}, true)`.execute(trx);
    return run(trx, { ...filters, status, cnefopLabelId }, { text, words, letters, fuzzy });
  });
}

/** The OFs matching the text and the filters (no columns selected yet). */
function filteredOfs(db: Executor, filters: DirectoryFilters, { words, letters, fuzzy }: SearchText) {
  const { status, cnefopLabelId } = filters;
  let query = textCondition(db.selectFrom("organisations as o").where("o.kind", "=", "of"), words, letters, fuzzy);
  if (status) query = query.where(sql<SqlBool>`${latestStatus} = ${status}`);
  if (filters.region) query = query.where("o.region", "=", filters.region);
  if (cnefopLabelId) query = query.where(holdsLabel(cnefopLabelId));
  if (filters.funderLabelId) {
    const labelId = filters.funderLabelId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("organisation_labels as ol")
          .select("ol.label_id")
          .whereRef("ol.organisation_id", "=", "o.id")
          .where("ol.label_id", "=", labelId),
      ),
    );
  }
  if (filters.ids) query = filters.ids.length ? query.where("o.id", "in", filters.ids) : query.where(sql<SqlBool>`false`);
  if (filters.updatedSince) {
    const since = filters.updatedSince;
    query = query.where(({ or, eb, exists, selectFrom }) =>
      or([
        eb("o.updated_at", ">=", since),
        exists(
          selectFrom("dossiers as du").select("du.id").whereRef("du.organisation_id", "=", "o.id").where("du.updated_at", ">=", since),
        ),
      ]),
    );
  }
  return query;
}

async function pageOf(db: Executor, filters: DirectoryFilters, search: SearchText): Promise<{ rows: DirectoryRow[]; total: number }> {
  const { text, letters, fuzzy } = search;
  const query = filteredOfs(db, filters, search);
  const total = filters.withoutTotal ? { n: "0" } : await query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  const sort = filters.sort === "relevance" && !text ? "name" : (filters.sort ?? (text ? "relevance" : "name"));
  const direction = filters.descending ? "desc" : "asc";
  let page = query.select([
    "o.id",
    "o.name",
    "o.siret",
    "o.siren",
    "o.nda",
    "o.city",
    "o.region",
    latestStatus.as("status"),
    sql<string[]>`array(
      select l.name from circuit_court_certificates c join cnefop_labels l on l.id = c.label_id
      where c.organisation_id = o.id and c.withdrawn_at is null and c.review_status <> 'refused' and c.valid_to >= current_date
      order by l.name)`.as("cnefopLabels"),
  ]);
  if (sort === "relevance" && fuzzy) {
    page = page.orderBy(sql`word_similarity(${letters}, o.search_text)`, "desc").orderBy(sql`similarity(${text}, o.search_text)`, "desc");
  } else if (sort === "relevance") {
    // Every word is in every row: the name starting with the text, then containing it, comes first.
    page = page.orderBy(sql`o.search_text like ${`${text}%`}`, "desc").orderBy(sql`o.search_text like ${`%${text}%`}`, "desc");
  } else if (sort === "status") {
    page = page.orderBy(sql`${latestStatus} ${sql.raw(direction)} nulls last`);
  } else {
    page = page.orderBy(sql`${sql.ref(`o.${sort}`)} ${sql.raw(direction)} nulls last`);
  }
  const rows = await page
    .orderBy("o.name")
    .orderBy("o.id")
    .limit(Math.min(filters.limit ?? 50, filters.forExport ? EXPORT_MAX_ROWS : 500))
    .offset(filters.offset ?? 0)
    .execute();
  return {
    total: Number(total.n),
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      siret: r.siret?.trim() ?? null,
      siren: r.siren?.trim() ?? null,
      nda: r.nda?.trim() ?? null,
      city: r.city,
      region: r.region,
      status: r.status ?? null,
      cnefopLabels: r.cnefopLabels ?? [],
    })),
  };
}

/** The regions OFs are in, for the directory's filter. */
export async function listOfRegions(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom("organisations")
    .select("region")
    .distinct()
    .where("kind", "=", "of")
    .where("region", "is not", null)
    .orderBy("region")
    .execute();
  return rows.flatMap((r) => (r.region ? [r.region] : []));
}
