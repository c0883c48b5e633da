import { Link } from "@remix-run/react";
import type { ActivityFeedEvent } from "../../../collab/shared/events";
import { t } from "../../i18n";
import { colourFor } from "./colour";
import { formatTimestamp } from "../../../domain/i18n/format";
import { decisionLabel, statusLabel } from "../../../domain/i18n/labels";

function detailLabel(event: ActivityFeedEvent): string {
  const detail = event.detail ?? "";
  if (event.kind === "decision") return decisionLabel(detail);
  if (event.kind === "status") return detail === "resoumis" ? t("live.feed.resubmitted") : statusLabel(detail);
  return detail;
}

/** The coordinators' activity feed: newest first. */
export function ActivityFeed({ events }: { events: ActivityFeedEvent[] }) {
  if (events.length === 0) return <p className="muted">{t("live.feed.empty")}</p>;
  return (
    <table className="table" data-testid="activity-feed">
      <thead>
        <tr>
          <th scope="col">{t("live.feed.when")}</th>
          <th scope="col">{t("live.feed.kind")}</th>
          <th scope="col">{t("live.feed.who")}</th>
          <th scope="col">{t("live.feed.what")}</th>
          <th scope="col">{t("live.feed.where")}</th>
        </tr>
      </thead>
      <tbody aria-live="polite">
        {events.map((e) => (
          <tr key={e.id} data-kind={e.kind}>
            <td>{formatTimestamp(e.createdAt)}</td>
            <td>{t(`live.feed.kind.${e.kind}`)}</td>
            <td>
              <span className="live-avatar" data-colour={colourFor(e.actorId ?? e.actorName).index} aria-hidden="true">
                {e.actorName.slice(0, 1).toUpperCase()}
              </span>{" "}
              {e.actorName} {e.actorOrganisationName ? <span className="muted">({e.actorOrganisationName})</span> : null}
            </td>
            <td>{t(`live.feed.item.${e.kind}`, { detail: detailLabel(e), code: e.indicatorCode ?? "—" })}</td>
            <td>
              {e.dossierId ? (
                <Link to={`/financeur/examens/${e.dossierId}`}>
                  {t("live.activity.dossier", { organisation: e.organisationName ?? "" })}
                </Link>
              ) : (
                "—"
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
