import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { listQueue, queueFilterOptions, type QueueFilters } from "../../domain/examination/queue";
import { takeDossier } from "../../domain/examination/take";
import { QUEUE_STATUSES, STATUS_LABEL_KEYS } from "../../domain/dossiers/status-machine";
import type { DossierStatus } from "../../domain/dossiers/status-machine";
import { canExamine } from "../../domain/permissions/policy";
import { parseWithZod } from "@conform-to/zod/v4";
import { httpError } from "../utils/http-errors.server";
import { claimFormSchema } from "../../domain/examination/examination.schema";
import { isUuid } from "../utils/uuid.server";
import { toHttpError } from "../utils/http-errors.server";
import { requireFunderSide, requirePermission } from "../utils/auth.server";
import { t } from "../i18n";
import { FilterSelect, namedChoices } from "../components/ui/filter-select";
import { pageNumber, requireSearchParam, safeText } from "../../domain/validation/fields";
import { formatDays, tp } from "../../domain/i18n/format";

const regionFilter = safeText(100);

export const meta: MetaFunction = () => [{ title: `${t("examination.queue.title")} — ${t("app.name")}` }];

const PAGE = 50;

function filtersFrom(url: URL): QueueFilters {
  const p = url.searchParams;
  const status = p.get("statut") as DossierStatus | null;
  const examiner = p.get("examinateur");
  const minWait = Number(p.get("attente") ?? "");
  return {
    status: status && QUEUE_STATUSES.includes(status) ? status : undefined,
    region: requireSearchParam(regionFilter, "region", p.get("region"), "") || undefined,
    referentielId: isUuid(p.get("referentiel")) ? p.get("referentiel")! : undefined,
    examiner: examiner === "none" || isUuid(examiner) ? examiner! : undefined,
    minWaitDays: Number.isFinite(minWait) && minWait > 0 ? Math.min(minWait, 3650) : undefined,
    sort: p.get("tri") === "newest" ? "newest" : "oldest",
    limit: PAGE,
    // A page that is not 1…100 000 (1e20, Infinity, -1) is the French 400 page, never an SQL overflow.
    offset: (requireSearchParam(pageNumber, "page", p.get("page"), 1) - 1) * PAGE,
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const filters = filtersFrom(new URL(request.url));
  const [queue, options] = await Promise.all([listQueue(context.services.db, filters), queueFilterOptions(context.services.db)]);
  return {
    ...queue,
    options,
    page: Math.floor((filters.offset ?? 0) / PAGE) + 1,
    pages: Math.max(1, Math.ceil(queue.total / PAGE)),
    canTake: canExamine(actor),
    me: actor.userId,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requirePermission(request, context, canExamine);
  const submission = parseWithZod(await request.formData(), { schema: claimFormSchema });
  // A button of the queue: a forged id is a page that does not exist, never a query.
  if (submission.status !== "success") throw httpError(404);
  const { dossierId } = submission.value;
  await takeDossier(context.services.db, actor, dossierId).catch(toHttpError);
  return redirect(`/financeur/examens/${dossierId}`);
}

export default function ExaminationQueue() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const pageLink = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  return (
    <>
      <section className="page-header">
        <h1>{t("examination.queue.title")}</h1>
        <p>{t("examination.queue.lead")}</p>
      </section>
      <Form method="get" className="filters" aria-label={t("examination.queue.filter")}>
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
        <div className="field">
          <label htmlFor="f-attente">{t("examination.queue.minWait")}</label>
          <input id="f-attente" name="attente" type="number" min={0} inputMode="numeric" defaultValue={params.get("attente") ?? ""} />
        </div>
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
          id="f-tri"
          name="tri"
          label={t("examination.queue.sort")}
          all={false}
          fallback="oldest"
          choices={[
            { value: "oldest", label: t("examination.queue.sort.oldest") },
            { value: "newest", label: t("examination.queue.sort.newest") },
          ]}
        />
        <div className="filters__actions">
          <button type="submit" className="button">
            {t("examination.queue.filter")}
          </button>
          <Link to="/financeur/examens">{t("examination.queue.reset")}</Link>
        </div>
      </Form>
      <p className="muted" role="status">
        {tp("examination.queue.total", data.total)}
      </p>
      {data.rows.length === 0 ? (
        <div className="empty-state">
          <p>{t("examination.queue.empty")}</p>
        </div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("examination.queue.organisation")}</th>
              <th scope="col">{t("examination.queue.region")}</th>
              <th scope="col">{t("examination.queue.referentiel")}</th>
              <th scope="col">{t("examination.queue.status")}</th>
              <th scope="col">{t("examination.queue.waiting")}</th>
              <th scope="col">{t("examination.queue.examiner")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("examination.queue.open")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.dossierId}>
                <td>
                  <Link to={`/financeur/examens/${row.dossierId}`}>{row.organisationName}</Link>
                  <div className="muted">{row.siret}</div>
                </td>
                <td>{row.region ?? "—"}</td>
                <td>{row.referentielName}</td>
                <td>
                  <span className="badge">{t(STATUS_LABEL_KEYS[row.status])}</span>{" "}
                  {row.resubmitted ? <span className="badge badge--warning">{t("examination.queue.resubmitted")}</span> : null}
                </td>
                <td>{formatDays(row.waitingDays)}</td>
                <td>{row.examinerName ?? t("examination.queue.unassigned")}</td>
                <td>
                  {row.status === "soumis" && data.canTake ? (
                    <Form method="post">
                      <input type="hidden" name="dossierId" value={row.dossierId} />
                      <button type="submit" className="button button--small">
                        {t("examination.queue.take")}
                      </button>
                    </Form>
                  ) : (
                    <Link to={`/financeur/examens/${row.dossierId}`}>{t("examination.queue.open")}</Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.pages > 1 ? (
        <nav className="pagination" aria-label="Pagination">
          {data.page > 1 ? <Link to={pageLink(data.page - 1)}>{t("examination.queue.previous")}</Link> : null}
          <span>
            {data.page} / {data.pages}
          </span>
          {data.page < data.pages ? <Link to={pageLink(data.page + 1)}>{t("examination.queue.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
