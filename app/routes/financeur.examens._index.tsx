import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { countQueueDueStates, listQueue, queueFilterOptions, type QueueFilters } from "../../domain/examination/queue";
import { takeDossier } from "../../domain/examination/take";
import { QUEUE_STATUSES, STATUS_LABEL_KEYS } from "../../domain/dossiers/status-machine";
import { canExamine } from "../../domain/permissions/policy";
import { parseWithZod } from "@conform-to/zod/v4";
import { httpError } from "../utils/http-errors.server";
import { claimFormSchema } from "../../domain/examination/examination.schema";
import { toHttpError } from "../utils/http-errors.server";
import { requireFunderSide, requirePermission } from "../utils/auth.server";
import { ownLabelFilter } from "../utils/label-filter.server";
import { QUEUE_PAGE as PAGE, queueFiltersFrom as filtersFrom } from "../utils/queue-filters.server";
import { labelsOn, listFunderLabels } from "../../domain/labels/funder-labels.service";
import { t } from "../i18n";
import { ExportLinks } from "../components/ui/export-links";
import { FilterForm, FilterInput, FilterSelect, namedChoices } from "../components/ui/filter-select";
import { DataTable } from "../components/ui/table";
import { EmptyState } from "../components/ui/empty-state";
import { Badge } from "../components/ui/badge";
import { Button } from "../components/ui/button";
import { Pagination } from "../components/ui/pagination";
import { DossierStatusBadge } from "../components/funder/dossier-status-badge";
import { dayKeyInParis, formatDays, tp } from "../../domain/i18n/format";
import { DueDateCell } from "../components/funder/due-date-cell";
import { bulkActionReply, bulkActionsFor, followedBulkJob } from "../utils/bulk-actions.server";
import { bulkActionFormSchema } from "../../domain/bulk/bulk-actions.schema";
import { BulkActionsForm, bulkColumn, useBulkSelection } from "../components/funder/bulk-actions";
import { BulkJobProgress } from "../components/funder/bulk-job-progress";
import { replyFor, type FormReplyData } from "../components/ui/field-error";
import type { Actor } from "../../domain/permissions/actor";

export const meta: MetaFunction = () => [{ title: `${t("examination.queue.title")} — ${t("app.name")}` }];

/** The queue's filters from the query string, the label filter only when it is the actor's funder's own (issue 15.4). */
async function actorFilters(context: AppLoadContext, actor: Actor, url: URL): Promise<QueueFilters> {
  const filters = filtersFrom(url);
  filters.labelId = await ownLabelFilter(context, actor, url);
  return filters;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const url = new URL(request.url);
  const db = context.services.db;
  const filters = await actorFilters(context, actor, url);
  filters.today = dayKeyInParis(new Date());
  // The job first: once it reads done, the rows read after it show every change it made.
  const job = await followedBulkJob(context, actor, url);
  const [queue, options, funderLabels, dueCounts] = await Promise.all([
    listQueue(db, filters),
    queueFilterOptions(db),
    listFunderLabels(db, actor),
    // The whole queue's counts, as the links under them open it (other filters off).
    countQueueDueStates(db, { today: filters.today }),
  ]);
  const labelsByDossier = await labelsOn(
    db,
    actor,
    "dossier",
    queue.rows.map((r) => r.dossierId),
  );
  return {
    ...queue,
    rows: queue.rows.map((r) => ({ ...r, labels: labelsByDossier[r.dossierId] ?? [] })),
    funderLabels,
    options,
    dueCounts,
    page: Math.floor((filters.offset ?? 0) / PAGE) + 1,
    pages: Math.max(1, Math.ceil(queue.total / PAGE)),
    canTake: canExamine(actor),
    me: actor.userId,
    job,
    bulkActions: bulkActionsFor(actor),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  // The bulk form (issue 15.3): a job over the rows ticked or every dossier matching the filter.
  if (formData.get("intent") === "bulk") {
    const actor = requireFunderSide(request, context);
    const submission = parseWithZod(formData, { schema: bulkActionFormSchema });
    return bulkActionReply(request, context, actor, submission, async (selection, url) => ({
      target: "dossier",
      ...selection,
      filters: await actorFilters(context, actor, url),
    }));
  }
  const actor = requirePermission(request, context, canExamine);
  const submission = parseWithZod(formData, { schema: claimFormSchema });
  // A button of the queue: a forged id is a page that does not exist, never a query.
  if (submission.status !== "success") throw httpError(404);
  const { dossierId } = submission.value;
  await takeDossier(context.services.db, actor, dossierId).catch(toHttpError);
  return redirect(`/financeur/examens/${dossierId}`);
}

export default function ExaminationQueue() {
  const data = useLoaderData<typeof loader>();
  const reply = replyFor(useActionData<FormReplyData>(), "bulk");
  const selection = useBulkSelection(data.rows.map((row) => row.dossierId));
  const [params] = useSearchParams();
  const pageLink = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  const filtered = ["statut", "region", "referentiel", "attente", "examinateur", "etiquette", "delai"].some((name) => params.get(name));
  return (
    <>
      <header className="mb-6">
        <h1 className="m-0 text-3xl font-bold text-ink">{t("examination.queue.title")}</h1>
        <p className="mt-2 mb-0 max-w-prose text-lg text-ink-muted">{t("examination.queue.lead")}</p>
      </header>
      <FilterForm label={t("examination.queue.filter")} resetTo="/financeur/examens">
        <FilterSelect
          id="f-statut"
          name="statut"
          label={t("examination.queue.status")}
          choices={QUEUE_STATUSES.map((s) => ({ value: s, label: t(STATUS_LABEL_KEYS[s]) }))}
        />
        <FilterSelect
          id="f-region"
          name="region"
          label={t("examination.queue.region")}
          choices={data.options.regions.map((r) => ({ value: r, label: r }))}
        />
        <FilterSelect
          id="f-ref"
          name="referentiel"
          label={t("examination.queue.referentiel")}
          choices={namedChoices(data.options.referentiels)}
        />
        <FilterInput id="f-attente" name="attente" type="number" min={0} label={t("examination.queue.minWait")} />
        <FilterSelect
          id="f-exam"
          name="examinateur"
          label={t("examination.queue.examiner")}
          leading={<option value="none">{t("examination.queue.unassigned")}</option>}
          choices={data.options.examiners.map((e) => ({
            value: e.id,
            label: (
              <>
                {e.name} ({e.funderName})
              </>
            ),
          }))}
        />
        <FilterSelect
          id="f-delai"
          name="delai"
          label={t("delays.queue.filter")}
          choices={[
            { value: "retard", label: t("delays.queue.late") },
            { value: "proche", label: t("delays.queue.soon") },
          ]}
        />
        {data.funderLabels.length ? (
          <FilterSelect id="f-etiquette" name="etiquette" label={t("labels.filter")} choices={namedChoices(data.funderLabels)} />
        ) : null}
        <FilterSelect
          id="f-tri"
          name="tri"
          label={t("examination.queue.sort")}
          all={false}
          fallback="oldest"
          choices={[
            { value: "oldest", label: t("examination.queue.sort.oldest") },
            { value: "newest", label: t("examination.queue.sort.newest") },
            { value: "due", label: t("delays.queue.sortDue") },
          ]}
        />
      </FilterForm>
      <p className="mb-4 text-ink-muted">{tp("examination.queue.total", data.total)}</p>
      {data.dueCounts.late > 0 || data.dueCounts.soon > 0 ? (
        // The whole queue's counts: each link shows those dossiers, other filters off.
        <ul aria-label={t("delays.queue.summary")} className="m-0 mb-4 flex list-none flex-wrap gap-x-6 gap-y-2 p-0">
          {data.dueCounts.late > 0 ? (
            <li>
              <Link to="?delai=retard" className="font-semibold">
                {tp("delays.queue.lateCount", data.dueCounts.late)}
              </Link>
            </li>
          ) : null}
          {data.dueCounts.soon > 0 ? (
            <li>
              <Link to="?delai=proche" className="font-semibold">
                {tp("delays.queue.soonCount", data.dueCounts.soon)}
              </Link>
            </li>
          ) : null}
        </ul>
      ) : null}
      <ExportLinks to="/financeur/examens/export" />
      {data.job ? <BulkJobProgress key={data.job.id} initial={data.job} /> : null}
      {data.rows.length ? (
        <BulkActionsForm
          formId="bulk"
          target="dossier"
          selection={selection}
          total={data.total}
          actions={data.bulkActions}
          examiners={data.options.examiners}
          labelNames={data.funderLabels.map((label) => label.name)}
          exportTo="/financeur/examens/export"
          reply={reply}
        />
      ) : null}
      <DataTable
        caption={t("examination.queue.title")}
        captionHidden
        layout="cards"
        rows={data.rows}
        rowKey={(row) => row.dossierId}
        empty={
          filtered ? (
            <EmptyState title={t("examination.queue.empty")} action={<Link to="/financeur/examens">{t("examination.queue.reset")}</Link>}>
              {t("examination.queue.emptyHint")}
            </EmptyState>
          ) : (
            <EmptyState title={t("home.funder.waiting.empty")}>{t("home.funder.waiting.emptyHint")}</EmptyState>
          )
        }
        columns={[
          bulkColumn<(typeof data.rows)[number]>(
            selection,
            "bulk",
            (row) => row.dossierId,
            (row) => row.organisationName,
          ),
          {
            header: t("examination.queue.organisation"),
            rowHeader: true,
            cell: (row) => (
              <span className="flex flex-col">
                <Link to={`/financeur/examens/${row.dossierId}`}>{row.organisationName}</Link>
                <span className="text-sm font-normal text-ink-muted">{row.siret}</span>
              </span>
            ),
          },
          { header: t("examination.queue.region"), cell: (row) => row.region ?? "—" },
          { header: t("examination.queue.referentiel"), cell: (row) => row.referentielName },
          {
            header: t("examination.queue.status"),
            cell: (row) => (
              <span className="inline-flex flex-wrap justify-end gap-1 md:justify-start">
                <DossierStatusBadge status={row.status} />
                {row.resubmitted ? <Badge tone="warning">{t("examination.queue.resubmitted")}</Badge> : null}
                {row.pendingUpdates > 0 ? (
                  <Badge tone="warning">{t("examination.queue.update", { count: row.pendingUpdates })}</Badge>
                ) : null}
                {row.labels.map((label) => (
                  <Badge key={label.id} tone="primary">
                    {label.name}
                  </Badge>
                ))}
              </span>
            ),
          },
          { header: t("examination.queue.waiting"), cell: (row) => formatDays(row.waitingDays) },
          { header: t("delays.queue.due"), cell: (row) => <DueDateCell stage={row.dueStage} dueOn={row.dueOn} state={row.dueState} /> },
          { header: t("examination.queue.examiner"), cell: (row) => row.examinerName ?? t("examination.queue.unassigned") },
          {
            header: <span className="sr-only">{t("examination.queue.action")}</span>,
            cell: (row) =>
              row.status === "soumis" && data.canTake ? (
                <Form method="post">
                  <input type="hidden" name="dossierId" value={row.dossierId} />
                  <Button type="submit" size="sm">
                    {t("examination.queue.take")}
                    <span className="sr-only"> {row.organisationName}</span>
                  </Button>
                </Form>
              ) : (
                <Link to={`/financeur/examens/${row.dossierId}`}>
                  {t("examination.queue.open")}
                  <span className="sr-only"> {row.organisationName}</span>
                </Link>
              ),
          },
        ]}
      />
      <Pagination page={data.page} pageCount={data.pages} hrefFor={pageLink} />
    </>
  );
}
