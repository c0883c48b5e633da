import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { ActivityEntry, ActivityFeedEvent } from "../../collab/shared/events";
import { canCoordinate } from "../../domain/permissions/policy";
import { ACTIVITY_KINDS, matchesActivityFilters, parseActivityFilters } from "../../domain/collab/activity-filters";
import { activityFilterOptions, listActivity } from "../../domain/collab/activity-feed.service";
import { requirePermission } from "../utils/auth.server";
import { useLiveSocket } from "../components/live/use-live-socket";
import { ActivityFeed } from "../components/live/activity-feed";
import { colourFor } from "../components/live/colour";
import { t } from "../i18n";
import liveStyles from "../styles/live.css";
import { formatTime } from "../../domain/i18n/format";
import { tp } from "../../domain/i18n/format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];
export const meta: MetaFunction = () => [{ title: `${t("live.activity.title")} — ${t("app.name")}` }];

/** How many feed lines the page shows (loaded, then kept as new ones arrive). */
const FEED_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, canCoordinate);
  const { filters, errorKey } = parseActivityFilters(new URL(request.url).searchParams);
  const db = context.services.db;
  const [feed, options] = await Promise.all([listActivity(db, filters, FEED_SIZE), activityFilterOptions(db)]);
  return { feed, filters, errorKey, options };
}

/** Coordinators: who is online where (socket.io `activity:state`) and the activity feed (stored, then `activity:event`). */
export default function ActivityPage() {
  const { feed, filters, errorKey, options } = useLoaderData<typeof loader>();
  const [entries, setEntries] = useState<ActivityEntry[]>([]);
  const [received, setReceived] = useState<ActivityFeedEvent[]>([]);
  const filtersRef = useRef(filters);
  // Only new filters reset what arrived live. A revalidation of the same filters keeps it: its
  // loader may have read the feed before an event it then missed (the two are merged by id below).
  const filtersKey = JSON.stringify(filters);
  useEffect(() => {
    filtersRef.current = JSON.parse(filtersKey) as typeof filters;
    setReceived([]);
  }, [filtersKey]);
  const { connected } = useLiveSocket((socket) => {
    const onEvent = (event: ActivityFeedEvent) => {
      if (!matchesActivityFilters(event, filtersRef.current)) return;
      setReceived((list) => (list.some((e) => e.id === event.id) ? list : [event, ...list].slice(0, FEED_SIZE)));
    };
    socket.on("activity:state", setEntries);
    socket.on("activity:event", onEvent);
    socket.emit("activity:watch", () => {});
    return () => {
      socket.off("activity:state", setEntries);
      socket.off("activity:event", onEvent);
    };
  });
  const known = new Set(received.map((e) => e.id));
  const events = [...received, ...feed.filter((e) => !known.has(e.id))]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, FEED_SIZE);

  return (
    <>
      <section className="page-header">
        <h1>{t("live.activity.title")}</h1>
        <p>{t("live.activity.lead")}</p>
        <p className="live-state" data-state={connected ? "connected" : "reconnecting"} role="status">
          <span className="live-state__dot" aria-hidden="true" /> {t(connected ? "live.state.connected" : "live.state.reconnecting")}
          {" · "}
          {tp("live.activity.count", entries.length)}
        </p>
      </section>
      <section aria-labelledby="online-title">
        <h2 id="online-title">{t("live.activity.online")}</h2>
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
                        <Link to={`/financeur/examens/${e.dossierId}`}>
                          {t("live.activity.dossier", { organisation: e.dossierLabel ?? "" })}
                        </Link>
                        {e.indicator ? ` — ${t("live.presence.on", { code: e.indicator })}` : ""}
                      </>
                    ) : (
                      <span className="muted">{t("live.activity.elsewhere")}</span>
                    )}
                  </td>
                  <td>{formatTime(e.since)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="feed-title">
        <h2 id="feed-title">{t("live.feed.title")}</h2>
        <p className="muted">{t("live.feed.lead")}</p>
        {errorKey ? (
          <div className="alert alert--error" role="alert">
            {t(errorKey)}
          </div>
        ) : null}
        <Form method="get" className="form-row" aria-label={t("live.feed.filters")}>
          <div className="field">
            <label htmlFor="feed-kind">{t("live.feed.kind")}</label>
            <select id="feed-kind" name="kind" defaultValue={filters.kind ?? ""}>
              <option value="">{t("live.feed.all")}</option>
              {ACTIVITY_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`live.feed.kind.${kind}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="feed-organisation">{t("live.feed.organisation")}</label>
            <select id="feed-organisation" name="organisation" defaultValue={filters.organisation ?? ""}>
              <option value="">{t("live.feed.all")}</option>
              <optgroup label={t("live.feed.funders")}>
                {options.funders.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t("live.feed.organisations")}>
                {options.organisations.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <div className="field">
            <label htmlFor="feed-dossier">{t("live.feed.dossier")}</label>
            <select id="feed-dossier" name="dossier" defaultValue={filters.dossier ?? ""}>
              <option value="">{t("live.feed.all")}</option>
              {options.dossiers.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary">
            {t("live.feed.apply")}
          </button>
          <Link to="/coordination/activite">{t("live.feed.reset")}</Link>
        </Form>
        <ActivityFeed events={events} />
      </section>
    </>
  );
}
