import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Bar, ReportTable } from "../components/reporting/report-table";
import { FilterSelect, namedChoices } from "../components/ui/filter-select";
import { reportingPage } from "../../domain/reporting/reporting-page";
import { STATUS_LABEL_KEYS } from "../../domain/dossiers/status-machine";
import type { DossierStatus } from "../../domain/dossiers/status-machine";
import { reportFilters } from "../utils/reporting.server";
import { t } from "../i18n";
import { formatDays, formatPercent, formatWeekOf } from "../../domain/i18n/format";

export const meta: MetaFunction = () => [{ title: `${t("reporting.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { filters } = reportFilters(request, context);
  const { data, options, funders } = await reportingPage(context.services.db, filters);
  return { data, options, funders, from: filters.from.toISOString().slice(0, 10), to: filters.to.toISOString().slice(0, 10) };
}

export default function Reporting() {
  const { data, options, funders, from, to } = useLoaderData<typeof loader>();
  const maxStatus = Math.max(0, ...data.byStatus.map((s) => s.count));
  const maxWeek = Math.max(0, ...data.weeks.map((w) => Math.max(w.submissions, w.decisions)));
  return (
    <>
      <section className="page-header">
        <h1>{t("reporting.title")}</h1>
      </section>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="r-du">{t("reporting.from")}</label>
          <input id="r-du" type="date" name="du" defaultValue={from} />
        </div>
        <div className="field">
          <label htmlFor="r-au">{t("reporting.to")}</label>
          <input id="r-au" type="date" name="au" defaultValue={to} />
        </div>
        <FilterSelect
          id="r-region"
          name="region"
          label={t("examination.queue.region")}
          choices={options.regions.map((r) => ({ value: r, label: r }))}
        />
        <FilterSelect
          id="r-ref"
          name="referentiel"
          label={t("examination.queue.referentiel")}
          choices={namedChoices(options.referentiels)}
        />
        <FilterSelect id="r-fin" name="financeur" label={t("kind.funder")} choices={namedChoices(funders)} />
        <button type="submit" className="button">
          {t("examination.queue.filter")}
        </button>
      </Form>
      <div className="cards">
        <article className="card">
          <h2>{t("reporting.median")}</h2>
          <p className="stat">{data.median === null ? "—" : formatDays(data.median)}</p>
        </article>
      </div>
      <ReportTable title={t("reporting.byStatus")} csv="byStatus" className="table report">
        {data.byStatus.map((s) => (
          <tr key={s.status}>
            <th scope="row">{t(STATUS_LABEL_KEYS[s.status as DossierStatus] ?? s.status)}</th>
            <td>{s.count}</td>
            <td className="report__bar">
              <Bar value={s.count} max={maxStatus} />
            </td>
          </tr>
        ))}
      </ReportTable>
      <ReportTable
        title={t("reporting.byRegion")}
        csv="byRegion"
        headers={[t("examination.queue.region"), t("reporting.total"), t("dossier.status.datadocke")]}
      >
        {data.byRegion.map((r) => (
          <tr key={r.region ?? "-"}>
            <td>{r.region ?? "—"}</td>
            <td>{r.total}</td>
            <td>{r.datadocke}</td>
          </tr>
        ))}
      </ReportTable>
      <ReportTable
        title={t("reporting.perWeek")}
        csv="weeks"
        className="table report"
        headers={[t("reporting.week"), t("reporting.submissions"), t("reporting.decisions")]}
      >
        {data.weeks.map((w) => (
          <tr key={w.week}>
            <td>{formatWeekOf(w.week)}</td>
            <td>
              {w.submissions} <Bar value={w.submissions} max={maxWeek} />
            </td>
            <td>
              {w.decisions} <Bar value={w.decisions} max={maxWeek} />
            </td>
          </tr>
        ))}
      </ReportTable>
      <ReportTable
        title={t("reporting.rejection")}
        csv="rejection"
        headers={[t("reporting.indicator"), t("reporting.total"), t("reporting.rate")]}
      >
        {data.rejection.map((r) => (
          <tr key={r.code}>
            <td>
              {r.code} — {r.title}
            </td>
            <td>{r.total}</td>
            <td>{formatPercent(r.rate)}</td>
          </tr>
        ))}
      </ReportTable>
      <ReportTable title={t("reporting.backlog")} csv="backlog">
        {data.backlog.map((b) => (
          <tr key={b.bucket}>
            <th scope="row">{t("reporting.bucket", { bucket: b.bucket })}</th>
            <td>{b.count}</td>
          </tr>
        ))}
      </ReportTable>
      <ReportTable
        title={t("reporting.throughput")}
        csv="throughput"
        headers={[t("examination.queue.examiner"), t("reporting.closed"), t("dossier.status.datadocke")]}
      >
        {data.throughput.map((e) => (
          <tr key={e.examinerId}>
            <td>{e.name}</td>
            <td>{e.closed}</td>
            <td>{e.datadocke}</td>
          </tr>
        ))}
      </ReportTable>
    </>
  );
}
