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
import { requireOwnDossier } from "../../domain/dossiers/dossier-access";
import { loadOfNextStep } from "../../domain/dossiers/of-next-step.queries";
import { NextStepPanel } from "../components/dossier/next-step-panel";
import { OfPageHeader } from "../components/dossier/of-page-header";
import { Alert } from "../components/ui/alert";
import { Badge } from "../components/ui/badge";
import { ButtonLink } from "../components/ui/button";
import { Progress } from "../components/ui/progress";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];

export const meta: MetaFunction = () => [{ title: `${t("dossierPage.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const scope = requireOfScope(request, context);
  const db = context.services.db;
  const overview = await ofDossierOverview(db, scope).catch(toHttpError);
  const dossier = await requireOwnDossier(db, scope.organisationId, overview.dossierId).catch(toHttpError);
  const [threads, step] = await Promise.all([
    dossierThreadSummaries(db, scope.actor, overview.dossierId).catch(toHttpError),
    loadOfNextStep(db, dossier),
  ]);
  return { ...overview, threads, step };
}

export default function DossierOverview() {
  const o = useLoaderData<typeof loader>();
  const ratio = o.total === 0 ? 0 : o.complete / o.total;
  const progress = tp("dossierPage.progress", o.complete, { total: o.total });
  return (
    <>
      <OfPageHeader title={t("dossierPage.title")} lead={t("dossierPage.lead")}>
        <p className="m-0">
          {t("dossierPage.status")} : <StatusBadge status={o.status} />
        </p>
        <Progress
          label={t("dossierPage.progressLabel")}
          value={o.complete}
          max={o.total}
          valueText={`${progress} (${formatPercent(ratio, 0)})`}
        />
        <LiveDossierUpdates dossierId={o.dossierId} />
      </OfPageHeader>
      <NextStepPanel step={o.step} />
      {o.step.readOnlyKey ? (
        <Alert tone="info" announce={false} id="read-only">
          {t(o.step.readOnlyKey)}
        </Alert>
      ) : null}
      <nav className="mb-6 flex flex-wrap gap-2" aria-label={t("dossierPage.linksLabel")}>
        <ButtonLink to="/organisme/dossier/synthese" variant="secondary" size="sm">
          {t("dossierPage.links.synthesis")}
        </ButtonLink>
        <ButtonLink to="/organisme/autodiagnostic" variant="secondary" size="sm">
          {t("dossierPage.links.selfDiagnosis")}
        </ButtonLink>
        <ButtonLink to="/organisme/circuit-court" variant="secondary" size="sm">
          {t("dossierPage.links.circuitCourt")}
        </ButtonLink>
        <ButtonLink to="/organisme/dossier/historique" variant="secondary" size="sm">
          {t("dossierPage.links.timeline")}
        </ButtonLink>
      </nav>
      {o.circuitCourt.latest ? (
        o.circuitCourt.active ? (
          <Alert tone="success" announce={false}>
            {t("dossierPage.circuitCourt.active", {
              label: o.circuitCourt.latest.labelName,
              date: formatDate(o.circuitCourt.latest.validTo),
            })}
          </Alert>
        ) : o.circuitCourt.latest.expired ? (
          <Alert tone="warning" announce={false}>
            {t("dossierPage.circuitCourt.expired", {
              label: o.circuitCourt.latest.labelName,
              date: formatDate(o.circuitCourt.latest.validTo),
            })}
          </Alert>
        ) : null
      ) : null}
      {o.criteria.map((criterion) => (
        <section key={criterion.number} className="mb-8 min-w-0" aria-labelledby={`critere-${criterion.number}`}>
          <h2 id={`critere-${criterion.number}`} className="m-0 text-xl font-bold break-words">
            {t("dossierPage.criterion", { number: criterion.number })} — {criterion.title}
          </h2>
          <p className="m-0 mb-3 text-ink-muted">{tp("dossierPage.criterionProgress", criterion.complete, { total: criterion.total })}</p>
          <ul className="m-0 flex list-none flex-col gap-2 p-0">
            {criterion.indicators.map((indicator) => (
              <li
                key={indicator.code}
                data-indicator={indicator.code}
                className="flex min-w-0 flex-col gap-2 rounded-md border border-line bg-white p-3 sm:flex-row sm:items-center sm:justify-between"
              >
                <Link to={`/organisme/dossier/indicateur/${indicator.code}`} className="min-w-0 break-words">
                  <strong>{indicator.code}</strong> {indicator.title}
                </Link>
                <span className="flex flex-wrap gap-2 sm:justify-end">
                  {indicator.missing.length === 0 ? (
                    <Badge tone="success">
                      {indicator.notApplicable ? t("dossierPage.indicator.notApplicable") : t("dossierPage.indicator.complete")}
                    </Badge>
                  ) : (
                    <Badge tone="warning">{t("dossierPage.indicator.incomplete")}</Badge>
                  )}
                  {indicator.review ? (
                    <Badge tone={indicator.review.decision === "valide" ? "success" : "error"}>
                      {t(`dossierPage.review.${indicator.review.decision}`)}
                      {indicator.review.stale ? ` (${t("dossierPage.review.stale")})` : ""}
                    </Badge>
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
