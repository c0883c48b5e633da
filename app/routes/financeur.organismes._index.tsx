import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  listOfRegions,
  listSearchableCnefopLabels,
  searchDirectory,
  type DirectoryFilters,
} from "../../domain/organisations/directory.queries";
import { listActiveFunderMembers, type FunderMember } from "../../domain/accounts/memberships.queries";
import { STATUS_LABEL_KEYS } from "../../domain/dossiers/status-machine";
import type { DossierStatus } from "../../domain/dossiers/status-machine";
import { requireFunderSide } from "../utils/auth.server";
import { ownLabelFilter } from "../utils/label-filter.server";
import { labelsOn, listFunderLabels } from "../../domain/labels/funder-labels.service";
import { DIRECTORY_PAGE, directoryFiltersFrom } from "../utils/directory-filters.server";
import { t } from "../i18n";
import { ExportLinks } from "../components/ui/export-links";
import { FilterForm, FilterInput, FilterSelect, namedChoices } from "../components/ui/filter-select";
import { DataTable } from "../components/ui/table";
import { EmptyState } from "../components/ui/empty-state";
import { Badge } from "../components/ui/badge";
import { Pagination } from "../components/ui/pagination";
import { DossierStatusBadge } from "../components/funder/dossier-status-badge";
import { formatNumber, tp } from "../../domain/i18n/format";
import { bulkActionReply, bulkActionsFor, followedBulkJob } from "../utils/bulk-actions.server";
import { bulkActionFormSchema } from "../../domain/bulk/bulk-actions.schema";
import { BulkActionsForm, bulkColumn, useBulkSelection } from "../components/funder/bulk-actions";
import { BulkJobProgress } from "../components/funder/bulk-job-progress";
import { replyFor, type FormReplyData } from "../components/ui/field-error";
import type { Actor } from "../../domain/permissions/actor";
import { httpError } from "../utils/http-errors.server";
import { parseWithZod } from "@conform-to/zod/v4";

export const meta: MetaFunction = () => [{ title: `${t("directory.title")} — ${t("app.name")}` }];

/** The directory's search and filters from the query string, the label filter only when it is the actor's funder's own (issue 15.4). */
async function actorFilters(context: AppLoadContext, actor: Actor, url: URL): Promise<DirectoryFilters & { page: number }> {
  const filters = directoryFiltersFrom(url);
  filters.funderLabelId = await ownLabelFilter(context, actor, url);
  return filters;
}

/** The OF directory of funders and the coordination: one search box, filters, sorted pages (decision 040). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const url = new URL(request.url);
  const db = context.services.db;
  const filters = await actorFilters(context, actor, url);
  const bulkActions = bulkActionsFor(actor);
  // The job first: once it reads done, the rows read after it show every change it made.
  const job = await followedBulkJob(context, actor, url);
  const [result, regions, cnefopLabels, funderLabels, examiners] = await Promise.all([
    searchDirectory(db, filters),
    listOfRegions(db),
    listSearchableCnefopLabels(db),
    listFunderLabels(db, actor),
    bulkActions.includes("assign") ? listActiveFunderMembers(db) : Promise.resolve<FunderMember[]>([]),
  ]);
  const labelsByOf = await labelsOn(
    db,
    actor,
    "organisation",
    result.rows.map((r) => r.id),
  );
  return {
    ...result,
    rows: result.rows.map((r) => ({ ...r, labels: labelsByOf[r.id] ?? [] })),
    funderLabels,
    regions,
    cnefopLabels,
    page: filters.page,
    // A capped count (decision record 049): the pages counted, and one more that has rows.
    pages: Math.max(1, Math.ceil(result.total / DIRECTORY_PAGE) + (result.totalCapped ? 1 : 0)),
    examiners,
    job,
    bulkActions,
  };
}

/** The bulk form (issue 15.3): a job over the OFs ticked or every OF matching the search and filters. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const formData = await request.formData();
  if (formData.get("intent") !== "bulk") throw httpError(400);
  const submission = parseWithZod(formData, { schema: bulkActionFormSchema });
  return bulkActionReply(request, context, actor, submission, async (selection, url) => ({
    target: "organisation",
    ...selection,
    filters: await actorFilters(context, actor, url),
  }));
}

export default function Directory() {
  const data = useLoaderData<typeof loader>();
  const reply = replyFor(useActionData<FormReplyData>(), "bulk");
  const selection = useBulkSelection(data.rows.map((row) => row.id));
  const [params] = useSearchParams();
  const pageLink = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  const filtered = ["q", "statut", "region", "label", "etiquette"].some((name) => params.get(name));
  return (
    <>
      <header className="mb-6">
        <h1 className="m-0 text-3xl font-bold text-ink">{t("directory.title")}</h1>
        <p className="mt-2 mb-0 max-w-prose text-lg text-ink-muted">{t("directory.lead")}</p>
      </header>
      <FilterForm label={t("directory.filter")} resetTo="/financeur/organismes" submitLabel={t("directory.search")}>
        <div className="sm:col-span-2 lg:col-span-3">
          <FilterInput id="f-q" name="q" type="search" label={t("directory.search")} hint={t("directory.searchHint")} />
        </div>
        <FilterSelect
          id="f-statut"
          name="statut"
          label={t("directory.status")}
          choices={(Object.keys(STATUS_LABEL_KEYS) as DossierStatus[]).map((s) => ({ value: s, label: t(STATUS_LABEL_KEYS[s]) }))}
        />
        <FilterSelect
          id="f-region"
          name="region"
          label={t("directory.region")}
          choices={data.regions.map((r) => ({ value: r, label: r }))}
        />
        <FilterSelect id="f-label" name="label" label={t("directory.cnefopLabel")} choices={namedChoices(data.cnefopLabels)} />
        {data.funderLabels.length ? (
          <FilterSelect id="f-etiquette" name="etiquette" label={t("labels.filter")} choices={namedChoices(data.funderLabels)} />
        ) : null}
        <FilterSelect
          id="f-tri"
          name="tri"
          label={t("directory.sort")}
          all={false}
          fallback="relevance"
          choices={(["relevance", "name", "city", "region", "status"] as const).map((s) => ({ value: s, label: t(`directory.sort.${s}`) }))}
        />
        <FilterSelect
          id="f-ordre"
          name="ordre"
          label={t("directory.order")}
          all={false}
          fallback="asc"
          choices={[
            { value: "asc", label: t("directory.order.asc") },
            { value: "desc", label: t("directory.order.desc") },
          ]}
        />
      </FilterForm>
      <p className="mb-4 text-ink-muted" role="status">
        {data.totalCapped ? t("directory.totalAtLeast", { count: formatNumber(data.total) }) : tp("directory.total", data.total)}
      </p>
      <ExportLinks to="/financeur/organismes/export" />
      {data.job ? <BulkJobProgress key={data.job.id} initial={data.job} /> : null}
      {data.rows.length ? (
        <BulkActionsForm
          formId="bulk"
          target="organisation"
          selection={selection}
          total={data.total}
          totalCapped={data.totalCapped}
          actions={data.bulkActions}
          examiners={data.examiners}
          labelNames={data.funderLabels.map((label) => label.name)}
          exportTo="/financeur/organismes/export"
          reply={reply}
        />
      ) : null}
      <DataTable
        caption={t("directory.title")}
        captionHidden
        layout="cards"
        rows={data.rows}
        rowKey={(row) => row.id}
        empty={
          filtered ? (
            <EmptyState title={t("directory.empty")} action={<Link to="/financeur/organismes">{t("directory.reset")}</Link>}>
              {t("directory.emptyHint")}
            </EmptyState>
          ) : (
            <EmptyState title={t("directory.empty")} />
          )
        }
        columns={[
          bulkColumn<(typeof data.rows)[number]>(
            selection,
            "bulk",
            (row) => row.id,
            (row) => row.name,
          ),
          {
            header: t("directory.name"),
            rowHeader: true,
            cell: (row) => (
              <span className="flex flex-col">
                <Link to={`/financeur/organismes/${row.id}`}>{row.name}</Link>
                <span className="text-sm font-normal text-ink-muted">
                  {t("directory.siret")} {row.siret ?? "—"}
                  {row.nda ? ` · ${t("directory.nda")} ${row.nda}` : ""}
                </span>
              </span>
            ),
          },
          { header: t("directory.city"), cell: (row) => row.city ?? "—" },
          { header: t("directory.region"), cell: (row) => row.region ?? "—" },
          {
            header: t("directory.status"),
            cell: (row) => (row.status ? <DossierStatusBadge status={row.status} /> : t("directory.noStatus")),
          },
          ...(data.funderLabels.length
            ? [
                {
                  header: t("labels.column"),
                  cell: (row: (typeof data.rows)[number]) =>
                    row.labels.length ? (
                      <span className="inline-flex flex-wrap justify-end gap-1 md:justify-start">
                        {row.labels.map((label) => (
                          <Badge key={label.id} tone="primary">
                            {label.name}
                          </Badge>
                        ))}
                      </span>
                    ) : (
                      "—"
                    ),
                },
              ]
            : []),
          {
            header: t("directory.labels"),
            cell: (row) =>
              row.cnefopLabels.length ? (
                <span className="inline-flex flex-wrap justify-end gap-1 md:justify-start">
                  {row.cnefopLabels.map((name) => (
                    <Badge key={name} tone="info">
                      {name}
                    </Badge>
                  ))}
                </span>
              ) : (
                "—"
              ),
          },
        ]}
      />
      <Pagination page={data.page} pageCount={data.pages} hrefFor={pageLink} />
    </>
  );
}
