import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ofDossierOverview } from "../../domain/dossiers/dossier-overview";
import { dossierThreadSummaries } from "../../domain/threads/thread-view.service";
import { ThreadSummaryBadges } from "../components/threads/thread-summary-badges";
import { requireOfScope } from "../utils/auth.server";
import { toHttpError } from "../utils/http-errors.server";
import { StatusBadge } from "../components/dossier/status-badge";
import { formatDate } from "../../domain/i18n/format";
import { t } from "../i18n";
import { LiveDossierUpdates } from "../components/live/live-dossier-updates";
import liveStyles from "../styles/live.css";
import { formatPercent, tp } from "../../domain/i18n/format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];

export const meta: MetaFunction = () => [{ title: `${t("dossierPage.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const scope = requireOfScope(request, context);
  const overview = await ofDossierOverview(context.services.db, scope).catch(toHttpError);
  const threads = await dossierThreadSummaries(context.services.db, scope.actor, overview.dossierId).catch(toHttpError);
  return { ...overview, threads };
}

export default function DossierOverview() {
  const o = useLoaderData<typeof loader>();
  const ratio = o.total === 0 ? 0 : o.complete / o.total;
  return (
    <>
      <section className="page-header">
        <h1>{t("dossierPage.title")}</h1>
        <p>{t("dossierPage.lead")}</p>
        <p>
          {t("dossierPage.status")} : <StatusBadge status={o.status} />
        </p>
        <LiveDossierUpdates dossierId={o.dossierId} />
        <div className="ofj-progress">
          <progress
            id="dossier-progress"
            max={o.total}
            value={o.complete}
            aria-label={tp("dossierPage.progress", o.complete, { total: o.total })}
          />
          <span>
            {tp("dossierPage.progress", o.complete, { total: o.total })} ({formatPercent(ratio, 0)})
          </span>
        </div>
        <nav className="ofj-actions" aria-label={t("dossierPage.title")}>
          <Link to="/organisme/dossier/synthese" className="button">
            {t("dossierPage.links.synthesis")}
          </Link>
          <Link to="/organisme/autodiagnostic" className="button button--secondary">
            {t("dossierPage.links.selfDiagnosis")}
          </Link>
          <Link to="/organisme/circuit-court" className="button button--secondary">
            {t("dossierPage.links.circuitCourt")}
          </Link>
          <Link to="/organisme/dossier/historique" className="button button--secondary">
            {t("dossierPage.links.timeline")}
          </Link>
        </nav>
      </section>
      {!o.editable ? <div className="alert alert--warning">{t("dossierPage.readOnly")}</div> : null}
      {o.circuitCourt.latest ? (
        o.circuitCourt.active ? (
          <div className="alert alert--success">
            {t("dossierPage.circuitCourt.active", {
              label: o.circuitCourt.latest.labelName,
              date: formatDate(o.circuitCourt.latest.validTo),
            })}
          </div>
        ) : o.circuitCourt.latest.expired ? (
          <div className="alert alert--warning" role="alert">
            {t("dossierPage.circuitCourt.expired", {
              label: o.circuitCourt.latest.labelName,
              date: formatDate(o.circuitCourt.latest.validTo),
            })}
          </div>
        ) : null
      ) : null}
      {o.criteria.map((criterion) => (
        <section key={criterion.number} className="ofj-criterion" aria-labelledby={`critere-${criterion.number}`}>
          <h2 id={`critere-${criterion.number}`}>
            {t("dossierPage.criterion", { number: criterion.number })} — {criterion.title}
          </h2>
          <p className="muted">{tp("dossierPage.criterionProgress", criterion.complete, { total: criterion.total })}</p>
          <ul className="ofj-indicators">
            {criterion.indicators.map((indicator) => (
              <li key={indicator.code} data-indicator={indicator.code}>
                <Link
                  to={`/organisme/dossier/indicateur/${indicator.code}`}
                  aria-label={t("dossierPage.indicator.open", { code: indicator.code })}
                >
                  <strong>{indicator.code}</strong> {indicator.title}
                </Link>
                <span className="ofj-indicators__state">
                  {indicator.missing.length === 0 ? (
                    <span className="badge badge--success">
                      {indicator.notApplicable ? t("dossierPage.indicator.notApplicable") : t("dossierPage.indicator.complete")}
                    </span>
                  ) : (
                    <span className="badge badge--warning">{t("dossierPage.indicator.incomplete")}</span>
                  )}
                  {indicator.review ? (
                    <span className={`badge ${indicator.review.decision === "valide" ? "badge--success" : "badge--error"}`}>
                      {t(`dossierPage.review.${indicator.review.decision}`)}
                      {indicator.review.stale ? ` (${t("dossierPage.review.stale")})` : ""}
                    </span>
                  ) : null}
                  <ThreadSummaryBadges summary={o.threads[indicator.code]} />
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
