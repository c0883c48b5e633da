import { Link } from "@remix-run/react";
import type { ActivityFeedEvent } from "../../../collab/shared/events";
import { t } from "../../i18n";
import { colourFor } from "./colour";
import { formatTimestamp } from "../../../domain/i18n/format";
import { decisionLabel, statusLabel } from "../../../domain/i18n/labels";
import { Badge } from "../ui/badge";
import { EmptyState } from "../ui/empty-state";
import { cx } from "../ui/class-names";

function detailLabel(event: ActivityFeedEvent): string {
  const detail = event.detail ?? "";
  if (event.kind === "decision") return decisionLabel(detail);
  if (event.kind === "status") return detail === "resoumis" ? t("live.feed.resubmitted") : statusLabel(detail);
  return detail;
}

/**
 * The classes of a live table (its rows change without a page load, so it stays a hand-written table
 * with a live tbody): below 48rem each row becomes a card whose cells carry their column's label.
 */
export const liveTable = {
  table: "w-full border-collapse text-left max-md:block",
  head: "max-md:sr-only max-md:block",
  th: "border-b-2 border-ink bg-surface-alt px-3 py-2 align-top font-semibold",
  body: "max-md:block",
  row: "even:bg-surface-alt max-md:mb-3 max-md:block max-md:rounded-md max-md:border max-md:border-line max-md:bg-white max-md:p-1",
  cell: "border-b border-line px-3 py-2 align-top max-md:block max-md:border-b-0 max-md:py-1",
};

/** The column's name before a cell's value, on phones only (the header row is hidden there). */
export function CellLabel({ children }: { children: string }) {
  return (
    <span aria-hidden="true" className="mr-2 text-sm text-ink-muted md:hidden">
      {children}
    </span>
  );
}

export function Avatar({ seed, name }: { seed: string; name: string }) {
  return (
    <span className="live-avatar mr-1 shrink-0" data-colour={colourFor(seed).index} aria-hidden="true">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}

/** The coordinators' activity feed: newest first; cards on phones. */
export function ActivityFeed({ events, filtered = false }: { events: ActivityFeedEvent[]; filtered?: boolean }) {
  if (events.length === 0) {
    return filtered ? (
      <EmptyState title={t("live.feed.empty")}>{t("live.feed.emptyHint")}</EmptyState>
    ) : (
      <EmptyState title={t("live.feed.emptyAll")}>{t("live.feed.emptyAllHint")}</EmptyState>
    );
  }
  return (
    <table className={liveTable.table} data-testid="activity-feed">
      <caption className="sr-only">{t("live.feed.title")}</caption>
      <thead className={liveTable.head}>
        <tr>
          <th scope="col" className={liveTable.th}>
            {t("live.feed.when")}
          </th>
          <th scope="col" className={liveTable.th}>
            {t("live.feed.kind")}
          </th>
          <th scope="col" className={liveTable.th}>
            {t("live.feed.who")}
          </th>
          <th scope="col" className={liveTable.th}>
            {t("live.feed.what")}
          </th>
          <th scope="col" className={liveTable.th}>
            {t("live.feed.where")}
          </th>
        </tr>
      </thead>
      <tbody aria-live="polite" className={liveTable.body}>
        {events.map((e) => (
          <tr key={e.id} data-kind={e.kind} className={liveTable.row}>
            <td className={cx(liveTable.cell, "whitespace-nowrap text-sm text-ink-muted")}>
              <time dateTime={e.createdAt}>{formatTimestamp(e.createdAt)}</time>
            </td>
            <td className={liveTable.cell}>
              <Badge tone={e.kind === "decision" || e.kind === "status" ? "info" : "neutral"}>{t(`live.feed.kind.${e.kind}`)}</Badge>
            </td>
            <td className={liveTable.cell}>
              <span className="inline-flex items-center">
                <Avatar seed={e.actorId ?? e.actorName} name={e.actorName} />
                <span>
                  {e.actorName}{" "}
                  {e.actorOrganisationName ? <span className="text-sm text-ink-muted">({e.actorOrganisationName})</span> : null}
                </span>
              </span>
            </td>
            <td className={liveTable.cell}>{t(`live.feed.item.${e.kind}`, { detail: detailLabel(e), code: e.indicatorCode ?? "—" })}</td>
            <td className={liveTable.cell}>
              {e.dossierId ? (
                <Link to={`/financeur/examens/${e.dossierId}`}>
                  {t("live.activity.dossier", { organisation: e.organisationName ?? "" })}
                </Link>
              ) : (
                <span className="max-md:hidden">—</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
