import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import type { DossierStatus } from "../../db/schema";
import { STATUS_LABEL_KEYS } from "../dossiers/status-machine";
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
    // A word of one or two characters has no trigram: "contained" then reads the rows, without asking
    // the trigram index for every entry (its match-all scan costs more than the rows it saves).
    q = q.where(word.length < 3 ? sql<SqlBool>`strpos(o.search_text, ${word}) > 0` : sql<SqlBool>`o.search_text like ${`%${word}%`}`);
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

/**
 * The status of the OF's latest dossier, read per row only where needed (a filter, the page): one probe
 * of `dossiers_org_latest` (ties on created_at go to the greater id, so that a tier of the status order
 * and the column agree).
 */
const latestStatus = sql<DossierStatus | null>`(select d.status from dossiers d where d.organisation_id = o.id order by d.created_at desc, d.id desc limit 1)`;

/** The OF has no dossier (the last tier of the status order, its "nulls last"). */
const noDossier = sql<SqlBool>`not exists (select 1 from dossiers d where d.organisation_id = o.id)`;

/** How far the directory counts matches beyond the page's offset before it says "plus de" (decision record 049). */
export const DIRECTORY_COUNT_CAP = 1_000;

export interface DirectoryPage {
  rows: DirectoryRow[];
  /** How many OFs match, counted up to the page's offset + DIRECTORY_COUNT_CAP (0 with `withoutTotal`). */
  total: number;
  /** More OFs match than `total`: the count stopped there. */
  totalCapped: boolean;
}

/**
 * OFs matching the search box and the filters, with the status of their latest dossier. The text is
 * matched on the trigram index of `organisations.search_text`: contained as typed (a SIRET prefix, a
 * city) — every word — or, when no OF has them all, close enough (`<%`, pg_trgm's word similarity) — so
 * "Formation Rhone" and "Formaton Rhône" both find "Rhône Formation Pro". At national scale (decision
 * record 049) the count stops at the page's offset + DIRECTORY_COUNT_CAP, and a page in an order
 * reads that order's index.
 */
export async function searchDirectory(db: Executor, filters: DirectoryFilters): Promise<DirectoryPage> {
  const { resolved, search } = await readSearch(db, filters);
  if (filters.withoutTotal) {
    const fuzzy = search.fuzzy && !(await anyExactMatch(db, search.words));
    const rows = await withFuzzyThreshold(db, fuzzy, (executor) => pageOf(executor, resolved, { ...search, fuzzy }));
    return { rows, total: 0, totalCapped: false };
  }
  const cap = (filters.offset ?? 0) + DIRECTORY_COUNT_CAP;
  // Every word as typed first: the count tells whether any OF has them all; only when none does, typos.
  const exact = { ...search, fuzzy: false };
  // The count and the page at once (two connections of the pool): the page is thrown away in the rare
  // case nothing matches as typed.
  const counting = countMatches(db, resolved, exact, cap);
  const known = counting.then((n) => (n > cap ? Infinity : n));
  known.catch(() => {}); // its failure is counting's, which Promise.all reports
  const [count, rows] = await Promise.all([counting, pageOf(db, resolved, exact, known)]);
  if (count > 0 || !search.fuzzy) return { rows, ...totalOf(count, cap) };
  return withFuzzyThreshold(db, true, async (trx) => {
    const fuzzyCount = await countMatches(trx, resolved, search, cap);
    const rows = fuzzyCount > (filters.offset ?? 0) ? await pageOf(trx, resolved, search, fuzzyCount > cap ? Infinity : fuzzyCount) : [];
    return { rows, ...totalOf(fuzzyCount, cap) };
  });
}

function totalOf(count: number, cap: number): { total: number; totalCapped: boolean } {
  return count > cap ? { total: cap, totalCapped: true } : { total: count, totalCapped: false };
}

/** How many OFs match, at most cap + 1 (reading no more rows than that). */
async function countMatches(db: Executor, filters: DirectoryFilters, search: SearchText, cap: number): Promise<number> {
  const matches = filteredOfs(db, filters, search)
    .select(sql<number>`1`.as("one"))
    .limit(cap + 1)
    .as("m");
  const row = await db
    .selectFrom(matches)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
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
  /** Match the words by word similarity (typos) rather than as typed; before the exact match is tried: whether it may come to that. */
  fuzzy: boolean;
}

/** Reads the search box (a status, a CNEFOP label, words) into filters and the text to match. */
async function readSearch(db: Executor, filters: DirectoryFilters): Promise<{ resolved: DirectoryFilters; search: SearchText }> {
  const labels = filters.q ? await listSearchableCnefopLabels(db) : [];
  const interpreted = interpretDirectoryQuery(filters.q ?? "", labels);
  const status = filters.status ?? interpreted.status;
  const cnefopLabelId = filters.cnefopLabelId ?? interpreted.cnefopLabelId;
  const text = interpreted.text;
  // Folded text holds only [a-z0-9 ]: nothing to escape in a LIKE pattern.
  const words = text ? text.split(" ") : [];
  const letters = words.filter((w) => !/^\d+$/.test(w)).join(" ");
  // Numbers are always matched as typed — a typo in a number is another OF — so only letters can be fuzzy.
  return { resolved: { ...filters, status, cnefopLabelId }, search: { text, words, letters, fuzzy: text !== "" && letters !== "" } };
}

/** Runs `run`, in a transaction with pg_trgm's word similarity threshold set when the search is fuzzy. */
function withFuzzyThreshold<T>(db: Executor, fuzzy: boolean, run: (db: Executor) => Promise<T>): Promise<T> {
  if (!fuzzy) return run(db);
  return inTransaction(db, async (trx) => {
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY)}, true)`.execute(trx);
    return run(trx);
  });
}

/** Reads the search box and runs `run` on the words as typed or, when no OF has them all, fuzzily. */
async function withSearch<T>(
  db: Executor,
  filters: DirectoryFilters,
  run: (db: Executor, filters: DirectoryFilters, text: SearchText) => Promise<T>,
) {
  const { resolved, search } = await readSearch(db, filters);
  const fuzzy = search.fuzzy && !(await anyExactMatch(db, search.words));
  return withFuzzyThreshold(db, fuzzy, (executor) => run(executor, resolved, { ...search, fuzzy }));
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

/** The page's rows in the order asked (relevance by default when there is a text, else name). */
async function pageOf(
  db: Executor,
  filters: DirectoryFilters,
  search: SearchText,
  matches: number | Promise<number> = Infinity,
): Promise<DirectoryRow[]> {
  const { text, words, letters, fuzzy } = search;
  const limit = Math.min(filters.limit ?? 50, filters.forExport ? EXPORT_MAX_ROWS : 500);
  const offset = filters.offset ?? 0;
  const sort = filters.sort === "relevance" && !text ? "name" : (filters.sort ?? (text ? "relevance" : "name"));
  const direction = filters.descending ? "desc" : "asc";
  const page = filteredOfs(db, filters, search).select([
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
  let rows: Awaited<ReturnType<typeof page.execute>>;
  if (sort === "status" && !filters.forExport && (await matches) === Infinity) {
    // More matches than the count reads (no text, a common word): one tier per status, in the order of
    // their codes, then the OFs without a dossier, each by name and stopping once the page is full,
    // rather than reading the latest status of every match to sort them. Statuses no dossier has are
    // skipped (one index probe each); a rare one still reads the name index to its end.
    const codes = (Object.keys(STATUS_LABEL_KEYS) as DossierStatus[]).sort();
    if (filters.descending) codes.reverse();
    const held = await sql<{ status: DossierStatus }>`
      select s.status from (values ${sql.join(codes.map((code) => sql`(${code}::text)`))}) as s(status)
      where exists (select 1 from dossiers d where d.status = s.status)`.execute(db);
    const present = new Set(held.rows.map((r) => r.status));
    const tiers = [...codes.filter((code) => present.has(code)).map((code) => sql<SqlBool>`${latestStatus} = ${code}`), noDossier];
    rows = (await tiered<(typeof rows)[number]>(page, tiers, offset + limit, matches)).slice(offset);
  } else if (sort === "status") {
    rows = await page
      .orderBy(sql`${latestStatus} ${sql.raw(direction)} nulls last`)
      .orderBy("o.name")
      .orderBy("o.id")
      .limit(limit)
      .offset(offset)
      .execute();
  } else if (sort === "relevance" && !fuzzy) {
    // Every word is in every row: the names starting with the text come first, then those containing it
    // as typed, then the rest, each tier by name. One query per tier, each reading the name index and
    // stopping once the page is full, rather than ranking every match (decision record 049).
    const tiers = [sql<SqlBool>`o.search_text like ${`${text}%`}`];
    if (words.length > 1) {
      tiers.push(sql<SqlBool>`o.search_text not like ${`${text}%`} and o.search_text like ${`%${text}%`}`);
      tiers.push(sql<SqlBool>`o.search_text not like ${`%${text}%`}`);
    } else {
      tiers.push(sql<SqlBool>`o.search_text not like ${`${text}%`}`);
    }
    rows = (await tiered<(typeof rows)[number]>(page, tiers, offset + limit, matches)).slice(offset);
  } else {
    let ordered = page;
    if (sort === "relevance") {
      ordered = ordered
        .orderBy(sql`word_similarity(${letters}, o.search_text)`, "desc")
        .orderBy(sql`similarity(${text}, o.search_text)`, "desc");
    } else {
      ordered = ordered.orderBy(sql`${sql.ref(`o.${sort}`)} ${sql.raw(direction)} nulls last`);
    }
    rows = await ordered.orderBy("o.name").orderBy("o.id").limit(limit).offset(offset).execute();
  }
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    siret: r.siret?.trim() ?? null,
    siren: r.siren?.trim() ?? null,
    nda: r.nda?.trim() ?? null,
    city: r.city,
    region: r.region,
    status: r.status ?? null,
    cnefopLabels: r.cnefopLabels ?? [],
  }));
}

/**
 * The first `wanted` rows of `page` taken tier after tier, each tier by name: one query per tier, which
 * reads an index in that order and stops once the page is full. Once every match is read (the count,
 * when known, says how many), the tiers left are not asked.
 */
async function tiered<R>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's select query, whatever its columns
  page: { where: (condition: RawBuilder<SqlBool>) => any },
  tiers: RawBuilder<SqlBool>[],
  wanted: number,
  matches: number | Promise<number>,
): Promise<R[]> {
  const rows: R[] = [];
  for (const [index, tier] of tiers.entries()) {
    if (index > 0) wanted = Math.min(wanted, await matches);
    if (rows.length >= wanted) break;
    rows.push(
      ...((await page
        .where(tier)
        .orderBy("o.name")
        .orderBy("o.id")
        .limit(wanted - rows.length)
        .execute()) as R[]),
    );
  }
  return rows;
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
