import { sql, type SqlBool } from "kysely";
import type { Executor } from "../../db/executor";
import type { DossierStatus } from "../../db/schema";
import { interpretDirectoryQuery } from "./directory-search";

/** The directory's sort keys; "relevance" only means something with a search text. */
export const DIRECTORY_SORTS = ["relevance", "name", "city", "region", "status"] as const;
export type DirectorySort = (typeof DIRECTORY_SORTS)[number];

export interface DirectoryFilters {
  /** The one search box (decision 040). */
  q?: string;
  status?: DossierStatus;
  region?: string;
  cnefopLabelId?: string;
  /** The OF or its latest dossier changed since (the API's updated_since). */
  updatedSince?: Date;
  sort?: DirectorySort;
  descending?: boolean;
  limit?: number;
  offset?: number;
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

/**
 * OFs matching the search box and the filters, with the status of their latest dossier. The text is
 * matched on the trigram index of `organisations.search_text`: contained as typed (a SIRET prefix, a
 * city) or close enough word by word (`<%`, pg_trgm's word similarity, 0.6 by default) — so
 * "Formation Rhone" and "Formaton Rhône" both find "Rhône Formation Pro".
 */
export async function searchDirectory(db: Executor, filters: DirectoryFilters): Promise<{ rows: DirectoryRow[]; total: number }> {
  const labels = filters.q ? await listSearchableCnefopLabels(db) : [];
  const interpreted = interpretDirectoryQuery(filters.q ?? "", labels);
  const status = filters.status ?? interpreted.status;
  const cnefopLabelId = filters.cnefopLabelId ?? interpreted.cnefopLabelId;
  const text = interpreted.text;

  let query = db
    .selectFrom("organisations as o")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("dossiers")
          .select(["dossiers.status", "dossiers.updated_at"])
          .whereRef("dossiers.organisation_id", "=", "o.id")
          .orderBy("dossiers.created_at", "desc")
          .limit(1)
          .as("d"),
      (join) => join.onTrue(),
    )
    .where("o.kind", "=", "of");
  // Folded text holds only [a-z0-9 ]: nothing to escape in a LIKE pattern.
  const like = `%${text}%`;
  if (text) {
    query = query.where(sql<SqlBool>`(o.search_text like ${like} or ${text} <% o.search_text)`);
  }
  if (status) query = query.where("d.status", "=", status);
  if (filters.region) query = query.where("o.region", "=", filters.region);
  if (cnefopLabelId) query = query.where(holdsLabel(cnefopLabelId));
  if (filters.updatedSince) {
    const since = filters.updatedSince;
    query = query.where((eb) => eb.or([eb("o.updated_at", ">=", since), eb("d.updated_at", ">=", since)]));
  }

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
    "d.status",
    sql<string[]>`array(
      select l.name from circuit_court_certificates c join cnefop_labels l on l.id = c.label_id
      where c.organisation_id = o.id and c.withdrawn_at is null and c.review_status <> 'refused' and c.valid_to >= current_date
      order by l.name)`.as("cnefopLabels"),
  ]);
  if (sort === "relevance") {
    page = page
      .orderBy(sql`o.search_text like ${like}`, "desc")
      .orderBy(sql`word_similarity(${text}, o.search_text)`, "desc")
      .orderBy(sql`similarity(${text}, o.search_text)`, "desc");
  } else if (sort === "status") {
    page = page.orderBy(sql`d.status ${sql.raw(direction)} nulls last`);
  } else {
    page = page.orderBy(sql`public.search_fold(coalesce(${sql.ref(`o.${sort}`)}, ''))`, direction);
  }
  const rows = await page
    .orderBy("o.name")
    .orderBy("o.id")
    .limit(Math.min(filters.limit ?? 50, 500))
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
