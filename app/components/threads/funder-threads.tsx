import { useEffect, useRef, useState } from "react";
import { useFetcher, useRevalidator } from "@remix-run/react";
import type { ThreadPanelView, ThreadSummary } from "../../../domain/threads/thread-view.service";
import { t } from "../../i18n";
import { ThreadPanel, threadUrl } from "./thread-panel";
import { ThreadSummaryBadges } from "./thread-summary-badges";
import { ThreadsLiveProvider, useThreadsLive } from "./threads-live";
import { tp } from "../../../domain/i18n/format";

/**
 * The examination page's threads: one disclosure per indicator (unread count, resolved or not); opening
 * one loads it from /fils/:dossierId/:code and marks it read.
 */
export function FunderThreads({
  dossierId,
  meId,
  indicators,
  summaries,
}: {
  dossierId: string;
  meId: string;
  indicators: { code: string; title: string }[];
  summaries: Record<string, ThreadSummary>;
}) {
  return (
    <ThreadsLiveProvider dossierId={dossierId} userId={meId}>
      <section className="card thread-list" aria-labelledby="threads-title" data-testid="funder-threads">
        <h2 id="threads-title">{t("threads.sectionTitle")}</h2>
        <p className="muted">{t("threads.sectionLead")}</p>
        <RefreshSummaries />
        {indicators.map((indicator) => (
          <IndicatorThread
            key={indicator.code}
            dossierId={dossierId}
            meId={meId}
            indicator={indicator}
            summary={summaries[indicator.code]}
          />
        ))}
      </section>
    </ThreadsLiveProvider>
  );
}

/** The review room's thread: the selected indicator's only, open from the start (issue 13). */
export function IndicatorThreadCard({
  dossierId,
  meId,
  indicator,
  summary,
}: {
  dossierId: string;
  meId: string;
  indicator: { code: string; title: string };
  summary: ThreadSummary | undefined;
}) {
  return (
    <ThreadsLiveProvider dossierId={dossierId} userId={meId}>
      <div className="thread-list" data-testid="funder-threads">
        <RefreshSummaries />
        <IndicatorThread key={indicator.code} dossierId={dossierId} meId={meId} indicator={indicator} summary={summary} initiallyOpen />
      </div>
    </ThreadsLiveProvider>
  );
}

/** Others' messages and state changes refresh the counts and badges of the list. */
function RefreshSummaries() {
  const live = useThreadsLive();
  const revalidator = useRevalidator();
  useEffect(() => live.subscribe((event) => (event.kind === "read" ? undefined : revalidator.revalidate())), [live, revalidator]);
  return null;
}

function IndicatorThread({
  dossierId,
  meId,
  indicator,
  summary,
  initiallyOpen = false,
}: {
  dossierId: string;
  meId: string;
  indicator: { code: string; title: string };
  summary: ThreadSummary | undefined;
  initiallyOpen?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const fetcher = useFetcher<ThreadPanelView>();
  const url = threadUrl(dossierId, indicator.code);
  const id = `thread-${indicator.code.replace(/[^0-9A-Za-z]/g, "-")}`;
  const live = useThreadsLive();
  const typing = live.typers(indicator.code).length > 0;
  // A notification links here with #thread-<code>: that thread opens.
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if ((initiallyOpen || window.location.hash === `#${id}`) && details.current) details.current.open = true;
  }, [id, initiallyOpen]);
  return (
    <details
      ref={details}
      id={id}
      className="thread-disclosure"
      data-thread-code={indicator.code}
      onToggle={(event) => {
        const isOpen = (event.currentTarget as HTMLDetailsElement).open;
        setOpen(isOpen);
        if (isOpen) fetcher.load(url);
      }}
    >
      <summary>
        {t("threads.indicator", { code: indicator.code })} — {indicator.title}{" "}
        {summary && summary.messages > 0 ? <span className="muted">{tp("threads.messageCount", summary.messages)}</span> : null}{" "}
        <ThreadSummaryBadges summary={summary} />{" "}
        {typing && !open ? <span className="muted">{t("threads.typing.one", { name: live.typers(indicator.code)[0]!.name })}</span> : null}
      </summary>
      {open ? (
        fetcher.data ? (
          <ThreadPanel
            view={fetcher.data}
            meId={meId}
            postAction={url}
            allowAttachment={false}
            reload={() => fetcher.load(url)}
            idPrefix={id}
          />
        ) : (
          <p className="muted" aria-live="polite">
            {t("threads.loading")}
          </p>
        )
      ) : null}
    </details>
  );
}
