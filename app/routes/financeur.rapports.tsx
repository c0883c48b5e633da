import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CsvLink } from "../components/reporting/csv-link";
import { DelayReport } from "../components/reporting/delay-report";
import { FilterForm, FilterInput, FilterSelect, namedChoices } from "../components/ui/filter-select";
import { BarChart } from "../components/ui/bar-chart";
import { DataTable } from "../components/ui/table";
import { EmptyState } from "../components/ui/empty-state";
import { Stat, StatGroup } from "../components/ui/stat";
import type { MessageKey } from "../../domain/i18n/translate";
import { reportingPage } from "../../domain/reporting/reporting-page";
import { STATUS_LABEL_KEYS } from "../../domain/dossiers/status-machine";
import type { DossierStatus } from "../../domain/dossiers/status-machine";
import { reportFilters } from "../utils/reporting.server";
import { t } from "../i18n";
import { formatDays, formatNumber, formatPercent, formatWeekOf } from "../../domain/i18n/format";

export const meta: MetaFunction = () => [{ title: `${t("reporting.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { filters } = reportFilters(request, context);
  const { data, delays, options, funders, campaigns } = await reportingPage(context.services.db, filters);
  return {
    data,
    delays,
    options,
    funders,
    campaigns,
    from: filters.from.toISOString().slice(0, 10),
    to: filters.to.toISOString().slice(0, 10),
  };
}

const BUCKET_KEYS: Record<string, MessageKey> = {
  "0-7": "reporting.bucket.0-7",
  "7-30": "reporting.bucket.7-30",
  "30-90": "reporting.bucket.30-90",
  "90+": "reporting.bucket.90+",
};

const count = (value: number) => formatNumber(value, 0);

export default function Reporting() {
  const { data, delays, options, funders, campaigns, from, to } = useLoaderData<typeof loader>();
  const chart = (title: string, csv: string) => ({ title, actions: <CsvLink table={csv} title={title} /> });
  return (
    <>
      <header className="mb-6">
        <h1 className="m-0 text-3xl font-bold text-ink">{t("reporting.title")}</h1>
        <p className="mt-2 mb-0 max-w-prose text-lg text-ink-muted">{t("reporting.lead")}</p>
      </header>
      <FilterForm label={t("examination.queue.filter")} resetTo="/financeur/rapports">
        <FilterInput id="r-du" name="du" type="date" label={t("reporting.from")} fallback={from} />
        <FilterInput id="r-au" name="au" type="date" label={t("reporting.to")} fallback={to} />
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
      </FilterForm>
      <div className="flex flex-col gap-6">
        <StatGroup>
          <Stat label={t("reporting.submissions")} value={count(data.weeks.reduce((n, w) => n + w.submissions, 0))} />
          <Stat label={t("reporting.decisions")} value={count(data.weeks.reduce((n, w) => n + w.decisions, 0))} />
          <Stat label={t("reporting.dossiers")} value={count(data.backlog.reduce((n, b) => n + b.count, 0))} />
          <Stat label={t("reporting.median")} value={data.median === null ? "—" : formatDays(data.median)} />
        </StatGroup>
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <BarChart
            {...chart(t("reporting.byStatus"), "byStatus")}
            categoryHeader={t("examination.queue.status")}
            series={[{ name: t("reporting.organisations") }]}
            rows={data.byStatus.map((s) => ({
              label: t(STATUS_LABEL_KEYS[s.status as DossierStatus] ?? "dossier.status.brouillon"),
              values: [s.count],
            }))}
            format={count}
          />
          <BarChart
            {...chart(t("reporting.backlog"), "backlog")}
            categoryHeader={t("reporting.age")}
            series={[{ name: t("reporting.dossiers"), tone: "warning" }]}
            rows={data.backlog.map((b) => ({ label: BUCKET_KEYS[b.bucket] ? t(BUCKET_KEYS[b.bucket]!) : b.bucket, values: [b.count] }))}
            format={count}
          />
        </div>
        <BarChart
          {...chart(t("reporting.perWeek"), "weeks")}
          kind="line"
          categoryHeader={t("reporting.week")}
          series={[{ name: t("reporting.submissions") }, { name: t("reporting.decisions"), tone: "success" }]}
          rows={data.weeks.map((w) => ({ label: formatWeekOf(w.week), values: [w.submissions, w.decisions] }))}
          format={count}
        />
        <BarChart
          {...chart(t("reporting.byRegion"), "byRegion")}
          categoryHeader={t("examination.queue.region")}
          series={[{ name: t("reporting.total") }, { name: t("dossier.status.datadocke"), tone: "success" }]}
          rows={data.byRegion.map((r) => ({ label: r.region ?? "—", values: [r.total, r.datadocke] }))}
          format={count}
        />
        <BarChart
          {...chart(t("reporting.rejection"), "rejection")}
          categoryHeader={t("reporting.indicator")}
          series={[{ name: t("reporting.rate"), tone: "warning" }]}
          rows={data.rejection.map((r) => ({ label: `${r.code} — ${r.title}`, short: r.code, values: [r.rate] }))}
          max={1}
          format={(rate) => formatPercent(rate)}
          table={{
            headers: [t("reporting.indicator"), t("reporting.total"), t("reporting.rate")],
            rows: data.rejection.map((r) => ({ label: `${r.code} — ${r.title}`, cells: [count(r.total), formatPercent(r.rate)] })),
          }}
        />
        <section
          aria-labelledby="throughput-title"
          className="flex min-w-0 flex-col gap-3 rounded-md border border-line bg-white p-4 sm:p-6"
        >
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="throughput-title" className="m-0 text-xl font-bold text-ink">
              {t("reporting.throughput")}
            </h2>
            <CsvLink table="throughput" title={t("reporting.throughput")} />
          </div>
          <DataTable
            caption={t("reporting.throughput")}
            captionHidden
            layout="cards"
            rows={data.throughput}
            rowKey={(e) => e.examinerId}
            empty={<EmptyState title={t("reporting.noThroughput")} />}
            columns={[
              { header: t("examination.queue.examiner"), rowHeader: true, cell: (e) => e.name },
              { header: t("reporting.closed"), cell: (e) => count(e.closed), align: "end" },
              { header: t("dossier.status.datadocke"), cell: (e) => count(e.datadocke), align: "end" },
            ]}
          />
        </section>
        <DelayReport delays={delays} />
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <BarChart
            {...chart(t("reporting.campaigns.progress"), "campaigns")}
            categoryHeader={t("reporting.campaigns.campaign")}
            series={[
              { name: t("campaigns.stat.opened") },
              { name: t("campaigns.stat.answered"), tone: "info" },
              { name: t("campaigns.stat.closed"), tone: "success" },
            ]}
            rows={campaigns.map((c) => ({ label: c.name, values: [c.opened, c.answered, c.closed] }))}
            format={count}
            table={{
              headers: [
                t("reporting.campaigns.campaign"),
                t("campaigns.stat.drawn"),
                t("campaigns.stat.opened"),
                t("campaigns.stat.answered"),
                t("campaigns.stat.closed"),
              ],
              rows: campaigns.map((c) => ({ label: c.name, cells: [c.drawn, c.opened, c.answered, c.closed].map(count) })),
            }}
          />
          <BarChart
            {...chart(t("reporting.campaigns.outcomes"), "campaigns")}
            categoryHeader={t("reporting.campaigns.campaign")}
            series={[
              { name: t("campaigns.stat.maintained"), tone: "success" },
              { name: t("campaigns.stat.nonConforme"), tone: "warning" },
              { name: t("campaigns.stat.deListed"), tone: "primary" },
            ]}
            rows={campaigns.map((c) => ({ label: c.name, values: [c.maintained, c.nonConforme, c.deListed] }))}
            format={count}
          />
        </div>
      </div>
    </>
  );
}
