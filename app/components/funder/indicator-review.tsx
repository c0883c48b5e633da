import type { SerializeFrom } from "@remix-run/node";
import { useFetcher } from "@remix-run/react";
import type { IndicatorView } from "../../../domain/examination/examination-view";
import type { IndicatorDecision } from "../../../domain/examination/decision";
import { t } from "../../i18n";
import { FormErrors, fieldErrors, formErrors, isDone, type FormReplyData } from "../ui/field-error";
import { EvidenceAnnotations } from "../collab-docs/evidence-annotations";
import { formatDateTime } from "../../../domain/i18n/format";

const DECISIONS: IndicatorDecision[] = ["valide", "a_completer", "non_conforme"];

type DecideReply = FormReplyData;

/** One indicator: the OF's answer and evidence beside the decision form. */
export function IndicatorReview({
  indicator,
  index,
  canDecide,
}: {
  indicator: SerializeFrom<IndicatorView>;
  index: number;
  canDecide: boolean;
}) {
  const fetcher = useFetcher<DecideReply>();
  const reply = fetcher.data;
  const failed = reply !== undefined && !isDone(reply);
  const reasonErrors = fieldErrors(reply, "reason");
  const review = indicator.review;
  const reasonId = `reason-${indicator.id}`;
  const errorId = `error-${indicator.id}`;
  return (
    <article
      className="review"
      id={`indicateur-${indicator.code}`}
      data-review-index={index}
      tabIndex={-1}
      aria-labelledby={`title-${indicator.id}`}
    >
      <div className="review__answer">
        <h3 id={`title-${indicator.id}`}>
          {indicator.code} — {indicator.title}
        </h3>
        {indicator.answer?.changedSinceSubmission ? <span className="badge badge--warning">{t("examination.page.changed")}</span> : null}
        <h4>{t("examination.page.description")}</h4>
        {!indicator.answer ? (
          <p className="muted">{t("examination.page.noAnswer")}</p>
        ) : indicator.answer.notApplicable ? (
          <p>{t("examination.page.notApplicable", { reason: indicator.answer.notApplicableReason ?? "" })}</p>
        ) : (
          // The description is rich text sanitized on the server (sanitize-html allow-list, decision 026).
          <div className="review__description" dangerouslySetInnerHTML={{ __html: indicator.answer.description || "<p>—</p>" }} />
        )}
        <h4>{t("examination.page.evidence")}</h4>
        {indicator.evidence.length === 0 ? (
          <p className="muted">{t("examination.page.noEvidence")}</p>
        ) : (
          <ul className="review__evidence">
            {indicator.evidence.map((e) =>
              e.kind === "link" ? (
                <li key={e.id}>
                  <a href={e.url ?? "#"} target="_blank" rel="noreferrer noopener">
                    {e.label || e.url}
                  </a>
                </li>
              ) : (
                <li key={e.id}>
                  <a href={`/fichiers/${e.fileId}?inline=1`} target="_blank" rel="noreferrer">
                    {e.label || e.fileName}
                  </a>
                  {e.contentType === "application/pdf" ? (
                    <details>
                      <summary>{t("examination.page.viewFile")}</summary>
                      <iframe className="review__pdf" title={e.label || e.fileName || "PDF"} src={`/fichiers/${e.fileId}?inline=1`} />
                    </details>
                  ) : null}
                  <EvidenceAnnotations evidenceId={e.id} />
                </li>
              ),
            )}
          </ul>
        )}
      </div>
      <div className="review__decision">
        {review ? (
          <p>
            <span
              className={`badge ${review.decision === "valide" ? "badge--success" : review.decision === "a_completer" ? "badge--warning" : "badge--error"}`}
            >
              {t(`examination.decision.${review.decision}`)}
            </span>{" "}
            {review.stale ? <span className="badge badge--error">{t("examination.page.stale")}</span> : null}
            <br />
            <span className="muted">
              {t("examination.page.decidedBy", { name: review.decidedByName ?? "—", date: formatDateTime(review.decidedAt) })}
            </span>
            {review.reason ? <span className="review__reason">{review.reason}</span> : null}
          </p>
        ) : (
          <p className="muted">{t("examination.decision.none")}</p>
        )}
        {canDecide ? (
          <fetcher.Form method="post" className="review__form" data-review-form>
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="indicatorId" value={indicator.id} />
            <input type="hidden" name="expectedVersion" value={review ? String(review.version) : ""} />
            <fieldset>
              <legend className="visually-hidden">{indicator.code}</legend>
              {DECISIONS.map((d) => (
                <label key={d} className="review__choice">
                  <input type="radio" name="decision" value={d} defaultChecked={review?.decision === d} required data-decision={d} />
                  {t(`examination.decision.${d}`)}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor={reasonId}>{t("examination.page.reason")}</label>
              <textarea
                id={reasonId}
                name="reason"
                rows={2}
                defaultValue={review?.reason ?? ""}
                aria-describedby={failed ? errorId : undefined}
                aria-invalid={reasonErrors ? true : undefined}
              />
            </div>
            {failed ? <FormErrors id={errorId} errors={reasonErrors ?? formErrors(reply)} /> : null}
            {isDone(reply) && fetcher.state === "idle" ? (
              <p className="muted" role="status">
                {t("examination.decision.saved")}
              </p>
            ) : null}
            <button type="submit" className="button button--small" disabled={fetcher.state !== "idle"}>
              {t("examination.page.decide")}
            </button>
          </fetcher.Form>
        ) : null}
      </div>
    </article>
  );
}
