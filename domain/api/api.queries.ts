import type { Executor } from "../../db/executor";
import type { DossierStatus } from "../../db/schema";
import type { CatalogueEntryDto, DecisionDto, OrganisationDto } from "./api.schemas";
import { listCatalogue } from "../catalogues/catalogue.service";
import { isUuid } from "../validation/fields";
import { searchDirectory } from "../organisations/directory.queries";

export interface OrganisationQuery {
  /** The directory's search box (decision 040): pages by relevance, with an offset cursor. */
  q?: string;
  status?: DossierStatus;
  region?: string;
  updatedSince?: Date;
  cursor?: string;
  limit?: number;
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function encodeCursor(id: string): string {
  return Buffer.from(id, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): string | null {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  return isUuid(id) ? id : null;
}

/** The cursor of a search (`q`): the offset of the next page, never an id. */
export function encodeSearchCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`, "utf8").toString("base64url");
}

export function decodeSearchCursor(cursor: string): number | null {
  const match = /^offset:(\d{1,7})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match ? Number(match[1]) : null;
}

function baseQuery(db: Executor) {
  return db
    .selectFrom("organisations as o")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("dossiers")
          .innerJoin("referentiel_versions as rv", "rv.id", "dossiers.referentiel_version_id")
          .innerJoin("referentiels as r", "r.id", "rv.referentiel_id")
          .select([
            "dossiers.status",
            "dossiers.submitted_at",
            "dossiers.decided_at",
            "dossiers.updated_at",
            "r.name as referentiel",
            "rv.version as referentiel_version",
          ])
          .whereRef("dossiers.organisation_id", "=", "o.id")
          .orderBy("dossiers.created_at", "desc")
          .limit(1)
          .as("d"),
      (join) => join.onTrue(),
    )
    .select([
      "o.id",
      "o.siret",
      "o.siren",
      "o.nda",
      "o.name",
      "o.region",
      "o.city",
      "o.updated_at as o_updated_at",
      "d.status",
      "d.submitted_at",
      "d.decided_at",
      "d.updated_at as d_updated_at",
      "d.referentiel",
      "d.referentiel_version",
    ])
    .where("o.kind", "=", "of");
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["execute"]>>[number];

function toDto(r: Row): OrganisationDto {
  const updated = [r.o_updated_at, r.d_updated_at].filter(Boolean).map((d) => new Date(d as Date).getTime());
  return {
    siret: r.siret!.trim(),
    siren: r.siren?.trim() ?? null,
    nda: r.nda?.trim() ?? null,
    name: r.name,
    region: r.region,
    city: r.city,
    status: r.status ?? null,
    submitted_at: iso(r.submitted_at),
    decided_at: iso(r.decided_at),
    updated_at: new Date(Math.max(...updated)).toISOString(),
    certification:
      r.referentiel && r.referentiel_version !== null
        ? {
            referentiel: r.referentiel,
            referentiel_version: r.referentiel_version,
            datadocke_since: r.status === "datadocke" ? iso(r.decided_at) : null,
          }
        : null,
  };
}

/** OFs for funders' systems, keyset-paginated on the organisation id. */
export async function searchOrganisations(
  db: Executor,
  q: OrganisationQuery,
): Promise<{ data: OrganisationDto[]; next_cursor: string | null }> {
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 500);
  if (q.q !== undefined) return searchOrganisationsByText(db, { ...q, q: q.q }, limit);
  let query = baseQuery(db);
  if (q.status) query = query.where("d.status", "=", q.status);
  if (q.region) query = query.where("o.region", "=", q.region);
  if (q.updatedSince) {
    const since = q.updatedSince;
    query = query.where((eb) => eb.or([eb("o.updated_at", ">=", since), eb("d.updated_at", ">=", since)]));
  }
  if (q.cursor) {
    const after = decodeCursor(q.cursor);
    if (after) query = query.where("o.id", ">", after);
  }
  const rows = await query
    .orderBy("o.id")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return { data: page.map(toDto), next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null };
}

/** The search of the directory, page by page in its order of relevance, as the API's DTOs. */
async function searchOrganisationsByText(db: Executor, q: OrganisationQuery & { q: string }, limit: number) {
  const offset = q.cursor ? (decodeSearchCursor(q.cursor) ?? 0) : 0;
  const { rows } = await searchDirectory(db, {
    q: q.q,
    status: q.status,
    region: q.region,
    updatedSince: q.updatedSince,
    limit: limit + 1,
    offset,
    withoutTotal: true,
  });
  const ids = rows.slice(0, limit).map((r) => r.id);
  const found = ids.length ? await baseQuery(db).where("o.id", "in", ids).execute() : [];
  const byId = new Map(found.map((r) => [r.id, r]));
  const data = ids.flatMap((id) => {
    const row = byId.get(id);
    return row && row.siret ? [toDto(row)] : [];
  });
  return { data, next_cursor: rows.length > limit ? encodeSearchCursor(offset + limit) : null };
}

export async function organisationBySiret(db: Executor, siret: string): Promise<(OrganisationDto & { id: string }) | null> {
  if (!/^\d{14}$/.test(siret)) return null;
  const row = await baseQuery(db).where("o.siret", "=", siret).executeTakeFirst();
  return row ? { ...toDto(row), id: row.id } : null;
}

/** Decision history of the OF's latest dossier, oldest first. */
export async function decisionHistory(db: Executor, organisationId: string): Promise<DecisionDto[]> {
  const rows = await db
    .selectFrom("indicator_review_history as h")
    .innerJoin("dossiers", "dossiers.id", "h.dossier_id")
    .innerJoin("indicators", "indicators.id", "h.indicator_id")
    .leftJoin("organisations as f", "f.id", "h.decided_by_organisation_id")
    .select(["indicators.code", "h.decision", "h.previous_decision", "h.reason", "h.created_at", "f.name as funder", "h.id"])
    .where("dossiers.organisation_id", "=", organisationId)
    .orderBy("h.id")
    .execute();
  return rows.map((r) => ({
    indicator_code: r.code,
    decision: r.decision,
    previous_decision: r.previous_decision,
    reason: r.reason,
    decided_at: new Date(r.created_at).toISOString(),
    decided_by_organisation: r.funder,
  }));
}

export async function catalogueForApi(db: Executor, funderId: string): Promise<CatalogueEntryDto[]> {
  const rows = await listCatalogue(db, funderId);
  return rows.map((r) => ({
    siret: r.siret ?? "",
    name: r.name,
    region: r.region,
    status: (r.status as DossierStatus | null) ?? null,
    added_at: new Date(r.addedAt).toISOString(),
    reason: r.reason,
  }));
}
