import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useLiveRevalidation } from "../components/live/use-live-revalidation";
import { useEffect, useRef, useState } from "react";
import type { ActivityEntry, ActivityFeedEvent } from "../../collab/shared/events";
import { canCoordinate } from "../../domain/permissions/policy";
import { ACTIVITY_KINDS, matchesActivityFilters, parseActivityFilters } from "../../domain/collab/activity-filters";
import { activityFilterOptions, listActivity } from "../../domain/collab/activity-feed.service";
import { requirePermission } from "../utils/auth.server";
import { useLiveSocket } from "../components/live/use-live-socket";
import { ActivityFeed, Avatar, CellLabel, liveTable } from "../components/live/activity-feed";
import { Alert } from "../components/ui/alert";
import { Button } from "../components/ui/button";
import { cx } from "../components/ui/class-names";
import { EmptyState } from "../components/ui/empty-state";
import { Field, controlClasses } from "../components/ui/field";
import { PageHeader } from "../components/ui/page-header";
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
  // Events pushed while the socket was away are not replayed: after a reconnection, the stored feed is read again.
  const reloadFeed = useLiveRevalidation();
  const everConnected = useRef(false);
  const { connected } = useLiveSocket((socket) => {
    if (everConnected.current) reloadFeed();
    everConnected.current = true;
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

  const allOption = <option value="">{t("live.feed.all")}</option>;
  return (
    <>
      <PageHeader title={t("live.activity.title")} lead={t("live.activity.lead")}>
        <p className="live-state m-0" data-state={connected ? "connected" : "reconnecting"} role="status">
          <span className="live-state__dot" aria-hidden="true" /> {t(connected ? "live.state.connected" : "live.state.reconnecting")}
          {" · "}
          {tp("live.activity.count", entries.length)}
        </p>
      </PageHeader>
      <section aria-labelledby="online-title" className="mb-8">
        <h2 id="online-title" className="mb-3 text-xl font-bold">
          {t("live.activity.online")}
        </h2>
        {entries.length === 0 ? (
          <EmptyState title={t("live.activity.empty")}>{t("live.activity.emptyHint")}</EmptyState>
        ) : (
          <table className={liveTable.table} data-testid="activity">
            <caption className="sr-only">{t("live.activity.online")}</caption>
            <thead className={liveTable.head}>
              <tr>
                <th scope="col" className={liveTable.th}>
                  {t("live.activity.person")}
                </th>
                <th scope="col" className={liveTable.th}>
                  {t("live.activity.role")}
                </th>
                <th scope="col" className={liveTable.th}>
                  {t("live.activity.where")}
                </th>
                <th scope="col" className={liveTable.th}>
                  {t("live.activity.since")}
                </th>
              </tr>
            </thead>
            <tbody aria-live="polite" className={liveTable.body}>
              {entries.map((e) => (
                <tr key={`${e.userId}:${e.dossierId ?? ""}`} className={liveTable.row}>
                  <td className={liveTable.cell}>
                    <span className="inline-flex items-center">
                      <Avatar seed={e.userId} name={e.name} />
                      <span>
                        {e.name} <span className="text-sm text-ink-muted">({e.organisationName})</span>
                      </span>
                    </span>
                  </td>
                  <td className={liveTable.cell}>
                    <CellLabel>{t("live.activity.role")}</CellLabel>
                    {t(`live.role.${e.role}`)}
                  </td>
                  <td className={liveTable.cell}>
                    <CellLabel>{t("live.activity.where")}</CellLabel>
                    {e.dossierId ? (
                      <>
                        <Link to={`/financeur/examens/${e.dossierId}`}>
                          {t("live.activity.dossier", { organisation: e.dossierLabel ?? "" })}
                        </Link>
                        {e.indicator ? ` — ${t("live.presence.on", { code: e.indicator })}` : ""}
                      </>
                    ) : (
                      <span className="text-ink-muted">{t("live.activity.elsewhere")}</span>
                    )}
                  </td>
                  <td className={liveTable.cell}>
                    <CellLabel>{t("live.activity.since")}</CellLabel>
                    {formatTime(e.since)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="feed-title">
        <h2 id="feed-title" className="mb-1 text-xl font-bold">
          {t("live.feed.title")}
        </h2>
        <p className="mt-0 mb-4 text-ink-muted">{t("live.feed.lead")}</p>
        {errorKey ? (
          <Alert tone="error" announce={false}>
            <p>{t(errorKey)}</p>
          </Alert>
        ) : null}
        <Form
          method="get"
          aria-label={t("live.feed.filters")}
          className="mb-6 grid grid-cols-1 items-end gap-x-4 gap-y-3 rounded-md border border-line bg-surface-alt p-4 sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,1fr))_auto]"
        >
          <Field id="feed-kind" label={t("live.feed.kind")} className="mb-0! min-w-0">
            {(control) => (
              <select {...control} name="kind" defaultValue={filters.kind ?? ""} className={cx(controlClasses, "pr-8")}>
                {allOption}
                {ACTIVITY_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`live.feed.kind.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="feed-organisation" label={t("live.feed.organisation")} className="mb-0! min-w-0">
            {(control) => (
              <select {...control} name="organisation" defaultValue={filters.organisation ?? ""} className={cx(controlClasses, "pr-8")}>
                {allOption}
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
            )}
          </Field>
          <Field id="feed-dossier" label={t("live.feed.dossier")} className="mb-0! min-w-0">
            {(control) => (
              <select {...control} name="dossier" defaultValue={filters.dossier ?? ""} className={cx(controlClasses, "pr-8")}>
                {allOption}
                {options.dossiers.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-1">
            <Button type="submit" variant="secondary">
              {t("live.feed.apply")}
            </Button>
            <Link to="/coordination/activite">{t("live.feed.reset")}</Link>
          </div>
        </Form>
        <ActivityFeed events={events} filtered={Boolean(filters.kind || filters.organisation || filters.dossier)} />
      </section>
    </>
  );
}
