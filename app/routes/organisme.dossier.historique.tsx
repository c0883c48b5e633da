import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getOrCreateOfDossier } from "../../domain/dossiers/dossier-access";
import { listTimeline } from "../../domain/dossiers/timeline";
import { loadOfNextStep } from "../../domain/dossiers/of-next-step.queries";
import { describeNextStep } from "../../domain/dossiers/of-next-step";
import { requireOfScope } from "../utils/auth.server";
import { toHttpError } from "../utils/http-errors.server";
import { formatDate, formatDateTime } from "../../domain/i18n/format";
import { OfPageHeader } from "../components/dossier/of-page-header";
import { StatusBadge } from "../components/dossier/status-badge";
import { ButtonLink } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { EmptyState } from "../components/ui/empty-state";
import { t } from "../i18n";
import { statusLabel } from "../../domain/i18n/labels";
import { hasMessage } from "../../domain/i18n/translate";

export const meta: MetaFunction = () => [{ title: `${t("timeline.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const scope = requireOfScope(request, context);
  const db = context.services.db;
  const dossier = await getOrCreateOfDossier(db, scope.organisationId, scope.actor.userId).catch(toHttpError);
  const [events, step] = await Promise.all([listTimeline(db, dossier.id), loadOfNextStep(db, dossier)]);
  return { events, status: dossier.status, step };
}

function describe(kind: string, payload: Record<string, unknown>): string {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    const text = Array.isArray(v) ? v.join(", ") : String(v);
    // A day stored as 2028-11-30 reads 30/11/2028.
    params[k] = /^\d{4}-\d{2}-\d{2}$/.test(text) ? formatDate(text) : text;
  }
  if (payload.status) params.status = statusLabel(String(payload.status));
  const key = `timeline.kind.${kind}`;
  if (hasMessage(key)) return t(key, params);
  return t(payload.to ? "timeline.statusChanged" : "timeline.unknown", { status: statusLabel(String(payload.to)) });
}

export default function Timeline() {
  const { events, status, step } = useLoaderData<typeof loader>();
  const next = describeNextStep(step);
  return (
    <>
      <OfPageHeader
        title={t("timeline.title")}
        lead={t("timeline.lead")}
        breadcrumb={[{ label: t("dossierPage.title"), to: "/organisme/dossier" }, { label: t("timeline.title") }]}
      >
        <p className="m-0">
          {t("dossierPage.status")} : <StatusBadge status={status} />
        </p>
      </OfPageHeader>
      {events.length === 0 ? (
        <EmptyState title={t("timeline.empty")}>{t("timeline.emptyHint")}</EmptyState>
      ) : (
        <ol id="timeline" className="m-0 mb-8 flex list-none flex-col border-l-2 border-line p-0">
          {events.map((e) => (
            <li key={e.id} data-kind={e.kind} className="relative flex min-w-0 flex-col gap-0.5 py-2 pl-5">
              <span aria-hidden="true" className="absolute top-4 -left-[7px] size-3 rounded-full border-2 border-white bg-primary" />
              <time dateTime={e.createdAt} className="text-sm text-ink-muted">
                {formatDateTime(e.createdAt)}
              </time>
              <span className="font-medium break-words text-ink">{describe(e.kind, e.payload)}</span>
              <span className="text-sm text-ink-subtle">
                {e.actorName ? t("timeline.by", { name: e.actorName }) : t("timeline.system")}
              </span>
            </li>
          ))}
        </ol>
      )}
      <Card
        title={t("timeline.nextTitle")}
        titleId="timeline-next"
        className="mt-6 border-l-4 border-l-info"
        footer={<ButtonLink to="/organisme/dossier">{t("timeline.nextAction")}</ButtonLink>}
      >
        <p className="m-0 font-bold">{next.title}</p>
        <p className="m-0 mt-1">{next.text}</p>
      </Card>
    </>
  );
}
