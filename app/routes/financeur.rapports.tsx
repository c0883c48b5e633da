import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { reportingPage } from "../../domain/reporting/reporting-page";
import { STATUS_LABEL_KEYS } from "../../domain/dossiers/status-machine";
import type { DossierStatus } from "../../domain/dossiers/status-machine";
import { reportFilters } from "../utils/reporting.server";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("reporting.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { filters } = reportFilters(request, context);
  const { data, options, funders } = await reportingPage(context.services.db, filters);
  return { data, options, funders, from: filters.from.toISOString().slice(0, 10), to: filters.to.toISOString().slice(0, 10) };
}

function Bar({ value, max }: { value: number; max: number }) {
  return <span className="bar" style={{ width: `${max ? Math.round((value / max) * 100) : 0}%` }} aria-hidden="true" />;
}

function CsvLink({ table }: { table: string }) {
  const [params] = useSearchParams();
  const p = new URLSearchParams(params);
  p.set("table", table);
  return (
    <a href={`/financeur/rapports.csv?${p.toString()}`} download>
      {t("reporting.csv")}
    </a>
  );
}

export default function Reporting() {
  const { data, options, funders, from, to } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
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
        <div className="field">
          <label htmlFor="r-region">{t("examination.queue.region")}</label>
          <select id="r-region" name="region" defaultValue={params.get("region") ?? ""}>
            <option value="">{t("examination.queue.all")}</option>
            {options.regions.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-ref">{t("examination.queue.referentiel")}</label>
          <select id="r-ref" name="referentiel" defaultValue={params.get("referentiel") ?? ""}>
            <option value="">{t("examination.queue.all")}</option>
            {options.referentiels.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-fin">{t("kind.funder")}</label>
          <select id="r-fin" name="financeur" defaultValue={params.get("financeur") ?? ""}>
            <option value="">{t("examination.queue.all")}</option>
            {funders.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("examination.queue.filter")}
        </button>
      </Form>
      <div className="cards">
        <article className="card">
          <h2>{t("reporting.median")}</h2>
          <p className="stat">{data.median === null ? "—" : t("reporting.days", { count: data.median })}</p>
        </article>
      </div>
      <section>
        <h2>{t("reporting.byStatus")}</h2> <CsvLink table="byStatus" />
        <table className="table report">
          <tbody>
            {data.byStatus.map((s) => (
              <tr key={s.status}>
                <th scope="row">{t(STATUS_LABEL_KEYS[s.status as DossierStatus] ?? s.status)}</th>
                <td>{s.count}</td>
                <td className="report__bar">
                  <Bar value={s.count} max={maxStatus} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{t("reporting.byRegion")}</h2> <CsvLink table="byRegion" />
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("examination.queue.region")}</th>
              <th scope="col">{t("reporting.total")}</th>
              <th scope="col">{t("dossier.status.datadocke")}</th>
            </tr>
          </thead>
          <tbody>
            {data.byRegion.map((r) => (
              <tr key={r.region ?? "-"}>
                <td>{r.region ?? "—"}</td>
                <td>{r.total}</td>
                <td>{r.datadocke}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{t("reporting.perWeek")}</h2> <CsvLink table="weeks" />
        <table className="table report">
          <thead>
            <tr>
              <th scope="col">{t("reporting.week")}</th>
              <th scope="col">{t("reporting.submissions")}</th>
              <th scope="col">{t("reporting.decisions")}</th>
            </tr>
          </thead>
          <tbody>
            {data.weeks.map((w) => (
              <tr key={w.week}>
                <td>{w.week}</td>
                <td>
                  {w.submissions} <Bar value={w.submissions} max={maxWeek} />
                </td>
                <td>
                  {w.decisions} <Bar value={w.decisions} max={maxWeek} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{t("reporting.rejection")}</h2> <CsvLink table="rejection" />
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("reporting.indicator")}</th>
              <th scope="col">{t("reporting.total")}</th>
              <th scope="col">{t("reporting.rate")}</th>
            </tr>
          </thead>
          <tbody>
            {data.rejection.map((r) => (
              <tr key={r.code}>
                <td>
                  {r.code} — {r.title}
                </td>
                <td>{r.total}</td>
                <td>{(r.rate * 100).toFixed(1)} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{t("reporting.backlog")}</h2> <CsvLink table="backlog" />
        <table className="table">
          <tbody>
            {data.backlog.map((b) => (
              <tr key={b.bucket}>
                <th scope="row">{t("reporting.bucket", { bucket: b.bucket })}</th>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{t("reporting.throughput")}</h2> <CsvLink table="throughput" />
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("examination.queue.examiner")}</th>
              <th scope="col">{t("reporting.closed")}</th>
              <th scope="col">{t("dossier.status.datadocke")}</th>
            </tr>
          </thead>
          <tbody>
            {data.throughput.map((e) => (
              <tr key={e.examinerId}>
                <td>{e.name}</td>
                <td>{e.closed}</td>
                <td>{e.datadocke}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
