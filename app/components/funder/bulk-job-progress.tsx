import { useEffect, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import type { BulkJobProgressEvent } from "../../../collab/shared/events";
import { t } from "../../i18n";
import { formatNumber, tp } from "../../../domain/i18n/format";
import { useLiveSocket } from "../live/use-live-socket";
import { useLiveRevalidation } from "../live/use-live-revalidation";
import { Progress } from "../ui/progress";
import { Alert } from "../ui/alert";

/** How often the job is read while the live socket is down (ms). */
const POLL_MS = 2_000;

/** The later of two states of a job (a live event and a poll may cross). */
function later(a: BulkJobProgressEvent, b: BulkJobProgressEvent): BulkJobProgressEvent {
  if (a.status === "done") return a;
  if (b.status === "done") return b;
  return b.done + b.skipped >= a.done + a.skipped ? b : a;
}

/**
 * A bulk job's progress bar, then its outcome — rows done, rows skipped per reason (decision record
 * 043). Updated live by the `bulk:progress` events sent to the user's sockets; read from
 * /financeur/traitements/<id> when the socket (re)connects and every 2 s while it is down. Once the job
 * is done the page's rows reload. Give it `key={job.id}`.
 *   <BulkJobProgress key={job.id} initial={job} />
 */
export function BulkJobProgress({ initial }: { initial: BulkJobProgressEvent }) {
  const [job, setJob] = useState(initial);
  const fetcher = useFetcher<BulkJobProgressEvent>();
  const load = useRef(fetcher.load);
  load.current = fetcher.load;
  const url = `/financeur/traitements/${initial.id}`;
  const revalidate = useLiveRevalidation();

  const { connected } = useLiveSocket((socket) => {
    const onProgress = (event: BulkJobProgressEvent) => {
      if (event.id === initial.id) setJob((current) => later(current, event));
    };
    socket.on("bulk:progress", onProgress);
    // What happened before this socket was in the user's room.
    load.current(url);
    return () => void socket.off("bulk:progress", onProgress);
  });
  useEffect(() => {
    const data = fetcher.data;
    if (data && data.id === initial.id) setJob((current) => later(current, data));
  }, [fetcher.data, initial.id]);

  const finished = job.status === "done";
  useEffect(() => {
    if (finished || connected) return;
    const timer = setInterval(() => load.current(url), POLL_MS);
    return () => clearInterval(timer);
  }, [finished, connected, url]);
  // The rows changed: show them as they are now (once, when the job ends under the page's eyes).
  const startedUnfinished = useRef(initial.status !== "done");
  useEffect(() => {
    if (finished && startedUnfinished.current) {
      startedUnfinished.current = false;
      revalidate();
    }
  }, [finished, revalidate]);

  const processed = job.done + job.skipped;
  return (
    <section
      aria-labelledby={`bulk-job-${job.id}`}
      className="mb-6 rounded-md border border-line p-4 [&>:last-child]:mb-0"
      data-testid="bulk-job"
    >
      <h2 id={`bulk-job-${job.id}`} className="mt-0 mb-3 text-lg font-bold">
        {t(`bulk.job.title.${job.action}`)}
      </h2>
      <Progress
        label={t("bulk.job.progress")}
        value={processed}
        max={job.total}
        valueText={t("bulk.job.progressValue", { processed: formatNumber(processed), total: formatNumber(job.total) })}
      />
      {finished ? (
        <Alert tone={job.skipped > 0 ? "warning" : "success"} title={t("bulk.job.done")} className="mt-4">
          <p>{tp("bulk.job.doneCount", job.done)}</p>
          {job.skipped > 0 ? (
            <>
              <p>{tp("bulk.job.skippedCount", job.skipped)}</p>
              <ul className="my-1 pl-6">
                {job.reasons.map((r) => (
                  <li key={r.reason}>{t("bulk.reason.line", { reason: t(`bulk.reason.${r.reason}`), count: formatNumber(r.count) })}</li>
                ))}
              </ul>
            </>
          ) : null}
        </Alert>
      ) : (
        <p className="mt-2 mb-0 text-sm text-ink-muted">{t(job.status === "queued" ? "bulk.job.queued" : "bulk.job.running")}</p>
      )}
    </section>
  );
}
