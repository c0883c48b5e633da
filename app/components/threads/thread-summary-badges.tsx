import type { ThreadSummary } from "../../../domain/threads/thread-view.service";
import { t } from "../../i18n";
import { tp } from "../../../domain/i18n/format";

/** An indicator's thread at a glance, in lists: unread messages for the viewer, resolved or not. */
export function ThreadSummaryBadges({ summary }: { summary: ThreadSummary | undefined }) {
  if (!summary) return null;
  return (
    <>
      {summary.unread > 0 ? (
        <span className="badge badge--warning" data-testid="thread-unread-summary">
          {tp("threads.unread", summary.unread)}
        </span>
      ) : null}
      {summary.resolved ? <span className="badge badge--success">{t("threads.resolvedThread")}</span> : null}
    </>
  );
}
