import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOrCreateOfDossier } from "../../domain/dossiers/dossier-access";
import { listTimeline } from "../../domain/dossiers/timeline";
import { requireOfScope } from "../utils/auth.server";
import { toHttpError } from "../utils/http-errors.server";
import { formatDateTime } from "../../domain/i18n/format";
import { t } from "../i18n";
import { statusLabel } from "../../domain/i18n/labels";
import { hasMessage } from "../../domain/i18n/translate";

export const meta: MetaFunction = () => [{ title: `${t("timeline.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const scope = requireOfScope(request, context);
  const dossier = await getOrCreateOfDossier(context.services.db, scope.organisationId, scope.actor.userId).catch(toHttpError);
  return { events: await listTimeline(context.services.db, dossier.id) };
}

function describe(kind: string, payload: Record<string, unknown>): string {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) params[k] = Array.isArray(v) ? v.join(", ") : String(v);
  if (payload.status) params.status = statusLabel(String(payload.status));
  const key = `timeline.kind.${kind}`;
  if (hasMessage(key)) return t(key, params);
  return t(payload.to ? "timeline.statusChanged" : "timeline.unknown", { status: statusLabel(String(payload.to)) });
}

export default function Timeline() {
  const { events } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/organisme/dossier">{t("dossierPage.backToDossier")}</Link>
      </p>
      <h1>{t("timeline.title")}</h1>
      {events.length === 0 ? <p className="muted">{t("timeline.empty")}</p> : null}
      <ol className="ofj-timeline" id="timeline">
        {events.map((e) => (
          <li key={e.id} data-kind={e.kind}>
            <time dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
            <span className="ofj-timeline__what">{describe(e.kind, e.payload)}</span>
            <span className="muted">{e.actorName ? t("timeline.by", { name: e.actorName }) : t("timeline.system")}</span>
          </li>
        ))}
      </ol>
    </>
  );
}
