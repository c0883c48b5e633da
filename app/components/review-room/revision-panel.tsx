import { Form } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import type { RoomEvidence, RoomRevision, RoomRevisionSide } from "../../../domain/examination/review-room.view";
import type { RevisionHistoryEntry } from "../../../domain/dossiers/revisions.queries";
import { formatDateTime } from "../../../domain/i18n/format";
import { t } from "../../i18n";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Alert } from "../ui/alert";
import { Textarea } from "../ui/field";
import { FieldError, FormErrors, fieldErrors, formErrors, replyFor, type FormReplyData } from "../ui/field-error";

/**
 * A datadocké dossier's pending update of the selected indicator (decision record 038): the accepted
 * answer and the update side by side, the evidence added, replaced or removed, the answer's versions,
 * and — for the examiner and co-examiners — validate, or send back with a reason (posted in the
 * indicator's thread). Posts `revision-decide` with the version shown, so a later edit is refused.
 */
export function RevisionPanel({
  revision,
  history,
  code,
  mayDecide,
  reply,
  busy,
}: {
  revision: SerializeFrom<RoomRevision>;
  history: SerializeFrom<RevisionHistoryEntry>[];
  code: string;
  mayDecide: boolean;
  reply: FormReplyData | undefined;
  busy: boolean;
}) {
  const decideReply = replyFor(reply, "revision-decide");
  return (
    <section
      aria-labelledby="revision-title"
      className="flex min-w-0 flex-col gap-4 rounded-md border border-l-4 border-line border-l-warning bg-white p-4"
      data-testid="revision"
    >
      <header className="flex flex-col gap-1">
        <h2 id="revision-title" className="m-0 flex flex-wrap items-center gap-2 text-xl">
          {t("room.revision.title")} <Badge tone="warning">{t("room.rail.update")}</Badge>
        </h2>
        <p className="m-0 text-sm text-ink-muted">
          {t("room.revision.lead", { date: formatDateTime(revision.updatedAt), name: revision.authorName ?? "" })}
        </p>
      </header>
      {revision.descriptionChanged ? (
        <div className="grid min-w-0 grid-cols-1 gap-4 md:grid-cols-2">
          <Side title={t("room.revision.before")} side={revision.before} testId="revision-before" />
          <Side title={t("room.revision.after")} side={revision.after} testId="revision-after" />
        </div>
      ) : (
        <p className="m-0 text-ink-muted">{t("room.revision.unchanged")}</p>
      )}
      <div className="flex min-w-0 flex-col gap-2">
        <h3 className="m-0 text-base">{t("room.revision.evidence")}</h3>
        {revision.evidenceAfter.length === 0 && revision.evidenceRemoved.length === 0 ? (
          <p className="m-0 text-ink-muted">{t("room.revision.evidenceNone")}</p>
        ) : (
          <ul className="m-0 flex list-none flex-col gap-1 p-0" data-testid="revision-evidence">
            {revision.evidenceAfter.map((e) => (
              <li key={e.id} className="flex min-w-0 flex-wrap items-center gap-2 break-words" data-change={e.change ?? "kept"}>
                <Badge tone={e.change ? "warning" : "neutral"}>
                  {e.change === "added"
                    ? t("room.revision.evidenceAdded")
                    : e.change === "replaced"
                      ? t("room.revision.evidenceReplaced", { label: e.replacesLabel ?? "" })
                      : t("room.revision.evidenceKept")}
                </Badge>
                <EvidenceLink evidence={e} />
              </li>
            ))}
            {revision.evidenceRemoved.map((e) => (
              <li key={e.id} className="flex min-w-0 flex-wrap items-center gap-2 break-words" data-change="removed">
                <Badge tone="error">{t("room.revision.evidenceRemoved")}</Badge>
                <s className="min-w-0 break-all">{e.label || e.url}</s>
              </li>
            ))}
          </ul>
        )}
      </div>
      {mayDecide ? (
        <Form method="post" className="flex min-w-0 flex-col gap-3" replace>
          <input type="hidden" name="intent" value="revision-decide" />
          <input type="hidden" name="revisionId" value={revision.id} />
          <input type="hidden" name="expectedVersion" value={revision.version} />
          <input type="hidden" name="indicatorCode" value={code} />
          <FormErrors errors={formErrors(decideReply)} />
          <div className="flex min-w-0 flex-col gap-1">
            <label htmlFor="revision-reason">{t("room.revision.reason")}</label>
            <Textarea
              id="revision-reason"
              name="reason"
              rows={3}
              maxLength={4000}
              aria-describedby="revision-reason-error"
              aria-invalid={fieldErrors(decideReply, "reason") ? true : undefined}
            />
            <FieldError id="revision-reason-error" errors={fieldErrors(decideReply, "reason")} />
          </div>
          <div className="flex flex-wrap gap-3">
            <Button type="submit" name="outcome" value="validated" disabled={busy}>
              {t("room.revision.validate")}
            </Button>
            <Button type="submit" name="outcome" value="sent_back" variant="secondary" disabled={busy}>
              {t("room.revision.sendBack")}
            </Button>
          </div>
        </Form>
      ) : (
        <Alert tone="info" announce={false}>
          {t("room.revision.notDecider")}
        </Alert>
      )}
      {history.length > 0 ? (
        <details>
          <summary className="cursor-pointer text-primary">{t("room.revision.history")}</summary>
          <ol className="m-0 mt-2 flex flex-col gap-1 pl-6" data-testid="revision-history">
            {history.map((h) => (
              <li key={h.id} className="break-words">
                {t("room.revision.historyEntry", { date: formatDateTime(h.createdAt), name: h.createdByName ?? "" })}{" "}
                <Badge tone={h.status === "validated" ? "success" : h.status === "sent_back" ? "error" : "warning"}>
                  {t(`room.revision.status.${h.status}`)}
                </Badge>
                {h.decidedAt ? ` ${t("room.revision.decidedBy", { name: h.decidedByName ?? "", date: formatDateTime(h.decidedAt) })}` : ""}
                {h.reason ? ` — ${h.reason}` : ""}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

function Side({ title, side, testId }: { title: string; side: SerializeFrom<RoomRevisionSide>; testId: string }) {
  return (
    <div className="flex min-w-0 flex-col gap-2" data-testid={testId}>
      <h3 className="m-0 text-base">{title}</h3>
      {side.notApplicable ? (
        <p className="m-0 break-words">{t("room.revision.notApplicable", { reason: side.notApplicableReason ?? "" })}</p>
      ) : side.descriptionHtml ? (
        // Sanitized on the server (decision 026).
        <div
          className="flex min-w-0 flex-col gap-2 break-words rounded-sm bg-surface-alt px-3 py-2 [&_li]:ml-5 [&_p]:m-0 [&_ul]:list-disc"
          dangerouslySetInnerHTML={{ __html: side.descriptionHtml }}
        />
      ) : (
        <p className="m-0 text-ink-muted">{t("room.revision.empty")}</p>
      )}
    </div>
  );
}

function EvidenceLink({ evidence }: { evidence: SerializeFrom<RoomEvidence> }) {
  if (evidence.kind === "link") {
    return (
      <a href={evidence.url ?? "#"} target="_blank" rel="noreferrer noopener" className="min-w-0 break-all">
        {evidence.label || evidence.url}
      </a>
    );
  }
  return evidence.fileId ? (
    <a href={`/fichiers/${evidence.fileId}?inline=1`} target="_blank" rel="noreferrer" className="min-w-0 break-all">
      {evidence.label}
    </a>
  ) : (
    <span className="min-w-0 break-all">{evidence.label}</span>
  );
}
