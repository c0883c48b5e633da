import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useState } from "react";
import type { ActivityEntry } from "../../collab/shared/events";
import { isCoordinator } from "../../domain/permissions/actor";
import { requirePermission } from "../utils/auth.server";
import { useLiveSocket } from "../components/live/use-live-socket";
import { colourFor } from "../components/live/colour";
import { t } from "../i18n";
import liveStyles from "../styles/live.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];
export const meta: MetaFunction = () => [{ title: `${t("live.activity.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, isCoordinator);
  return {};
}

/** Coordinators: who is online where, live (socket.io `activity:state`). */
export default function ActivityPage() {
  const [entries, setEntries] = useState<ActivityEntry[]>([]);
  const { connected } = useLiveSocket((socket) => {
    socket.on("activity:state", setEntries);
    socket.emit("activity:watch", () => {});
    return () => void socket.off("activity:state", setEntries);
  });
  return (
    <>
      <section className="page-header">
        <h1>{t("live.activity.title")}</h1>
        <p>{t("live.activity.lead")}</p>
        <p className="live-state" data-state={connected ? "connected" : "reconnecting"} role="status">
          <span className="live-state__dot" aria-hidden="true" /> {t(connected ? "live.state.connected" : "live.state.reconnecting")}
          {" · "}
          {t("live.activity.count", { count: entries.length })}
        </p>
      </section>
      {entries.length === 0 ? (
        <p className="muted">{t("live.activity.empty")}</p>
      ) : (
        <table className="table" data-testid="activity">
          <thead>
            <tr>
              <th scope="col">{t("live.activity.person")}</th>
              <th scope="col">{t("live.activity.role")}</th>
              <th scope="col">{t("live.activity.where")}</th>
              <th scope="col">{t("live.activity.since")}</th>
            </tr>
          </thead>
          <tbody aria-live="polite">
            {entries.map((e) => (
              <tr key={`${e.userId}:${e.dossierId ?? ""}`}>
                <td>
                  <span className="live-avatar" data-colour={colourFor(e.userId).index} aria-hidden="true">
                    {e.name.slice(0, 1).toUpperCase()}
                  </span>{" "}
                  {e.name} <span className="muted">({e.organisationName})</span>
                </td>
                <td>{t(`live.role.${e.role}`)}</td>
                <td>
                  {e.dossierId ? (
                    <>
                      <Link to={`/financeur/examens/${e.dossierId}`}>{t("live.activity.dossier", { organisation: e.dossierLabel ?? "" })}</Link>
                      {e.indicator ? ` — ${t("live.presence.on", { code: e.indicator })}` : ""}
                    </>
                  ) : (
                    <span className="muted">{t("live.activity.elsewhere")}</span>
                  )}
                </td>
                <td>{new Date(e.since).toLocaleTimeString("fr-FR")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
