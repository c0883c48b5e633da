import type { SerializeFrom } from "@remix-run/node";
import type { ExpertMessageView, ExpertRequestView } from "../../../domain/experts/expert-view";
import { formatDateTime } from "../../../domain/i18n/format";
import { t } from "../../i18n";
import { Badge } from "../ui/badge";

/**
 * The confidential thread of an expert request (issue 15.7), as the examiners (review room) and the
 * expert (their page) read it: who wrote, on which side, when, and what. Never shown to an OF.
 */
export function ExpertThread({ messages, headingLevel }: { messages: SerializeFrom<ExpertMessageView>[]; headingLevel: 2 | 3 | 4 }) {
  const Heading = `h${headingLevel}` as const;
  return (
    <section className="flex min-w-0 flex-col gap-2" data-testid="expert-thread">
      <Heading className={headingLevel === 2 ? "m-0 text-xl" : "m-0 text-base"}>{t("experts.thread.title")}</Heading>
      {messages.length === 0 ? (
        <p className="m-0 text-sm text-ink-muted">{t("experts.thread.empty")}</p>
      ) : (
        <ol className="m-0 flex list-none flex-col gap-2 p-0">
          {messages.map((message) => (
            <li
              key={message.id}
              id={`avis-message-${message.id}`}
              className={`flex min-w-0 flex-col gap-1 rounded-sm border-l-4 px-3 py-2 ${message.fromExpert ? "border-primary bg-surface-alt" : "border-line bg-white"}`}
            >
              <p className="m-0 text-sm text-ink-muted">
                <strong className="text-ink">{message.authorName ?? "—"}</strong> (
                {t(message.fromExpert ? "experts.thread.expert" : "experts.thread.examiner")}) · {formatDateTime(message.createdAt)}
              </p>
              <p className="m-0 break-words whitespace-pre-wrap">{message.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** A request's state: en attente (en retard when late), avis rendu, retirée. */
export function ExpertStatusBadge({ status, late }: { status: ExpertRequestView["status"]; late: boolean }) {
  if (late) return <Badge tone="error">{t("experts.status.late")}</Badge>;
  const tone = status === "answered" ? "success" : status === "withdrawn" ? "neutral" : "warning";
  return <Badge tone={tone}>{t(`experts.status.${status}`)}</Badge>;
}
