import type { SerializeFrom } from "@remix-run/node";
import type { RoomSelectedIndicator } from "../../../domain/examination/review-room.view";
import { t } from "../../i18n";
import { formatDate, formatDateTime } from "../../../domain/i18n/format";
import { Form } from "@remix-run/react";
import { Badge } from "../ui/badge";
import { Button, ButtonLink } from "../ui/button";
import { ConfirmDialog } from "../ui/dialog";
import { Field, Textarea } from "../ui/field";
import { FieldError, fieldErrors, formErrors, isDone, type FormReplyData } from "../ui/field-error";
import { EvidencePanel } from "./evidence-panel";
import { DescriptionAnnotations } from "./description-annotations";
import { STATE_TONE, indicatorUrl } from "./room-rail";

type Selected = SerializeFrom<RoomSelectedIndicator>;

const CHECK_TONE = { pending: "warning", validated: "success", refused: "error" } as const;

/** The selected indicator: official wording, the OF's description, evidence, corrective actions, circuit court. */
export function IndicatorMain({
  indicator,
  dossierId,
  mayDecide,
  canAnnotate,
  onRequestComplement,
  certificateReply,
}: {
  indicator: Selected;
  dossierId: string;
  /** The examiner (or a co-examiner) of a dossier en examen: accepts corrective actions, checks the certificate. */
  mayDecide: boolean;
  canAnnotate: boolean;
  onRequestComplement: (quote: string, page?: number) => void;
  /** The action's reply to the certificate check (intent "certificate-review"), if it answered it. */
  certificateReply?: FormReplyData;
}) {
  const cc = indicator.circuitCourt;
  // A check the action turned down, shown under the buttons; a refusal's (a reason of blanks) opens its dialog
  // again with the error under the reason.
  const turnedDown = certificateReply && !isDone(certificateReply) ? certificateReply : null;
  const refusal = turnedDown?.result.initialValue?.outcome === "refused" ? turnedDown : null;
  const typedReason = refusal?.result.initialValue?.reason;
  return (
    <div className="flex min-w-0 flex-col gap-5">
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="indicator-title" className="m-0 text-xl">
            {t("room.indicator.heading", { code: indicator.code })}
          </h2>
          <Badge tone={STATE_TONE[indicator.state]}>{t(`room.state.${indicator.state}`)}</Badge>
        </div>
        <p className="m-0 font-medium" data-testid="official-wording">
          {indicator.title}
        </p>
      </header>
      {indicator.previousRound ? <PreviousRound previous={indicator.previousRound} /> : null}
      <section aria-labelledby="description-title" className="flex flex-col gap-2">
        <h3 id="description-title" className="m-0 text-base">
          {t("examination.page.description")}
        </h3>
        {indicator.notApplicable ? (
          <p className="m-0">{t("examination.page.notApplicable", { reason: indicator.notApplicableReason ?? "" })}</p>
        ) : indicator.descriptionHtml && indicator.answerId ? (
          // Sanitized on the server (sanitize-html allow-list, decision 026): rendered as formatted text, annotated by range.
          <DescriptionAnnotations
            key={indicator.answerId}
            answerId={indicator.answerId}
            html={indicator.descriptionHtml}
            canAnnotate={canAnnotate}
            onRequestComplement={onRequestComplement}
          />
        ) : indicator.descriptionHtml ? (
          // Sanitized on the server (sanitize-html allow-list, decision 026): rendered as formatted text.
          <div
            className="review__description prose-sm flex max-w-prose flex-col gap-2 break-words rounded-sm border-l-4 border-primary-soft bg-surface-alt px-4 py-3 [&_li]:ml-5 [&_p]:m-0 [&_ul]:list-disc"
            dangerouslySetInnerHTML={{ __html: indicator.descriptionHtml }}
          />
        ) : (
          <p className="m-0 text-ink-muted">{t("examination.page.noAnswer")}</p>
        )}
        {indicator.answerUpdatedAt ? (
          <p className="m-0 text-sm text-ink-subtle">
            {t("room.indicator.answeredAt", { date: formatDateTime(indicator.answerUpdatedAt) })}
          </p>
        ) : null}
      </section>
      <section aria-labelledby="evidence-title" className="flex flex-col gap-2">
        <h3 id="evidence-title" className="m-0 text-base">
          {t("examination.page.evidence")}
        </h3>
        <EvidencePanel
          evidence={indicator.evidence}
          dossierId={dossierId}
          indicatorCode={indicator.code}
          canAnnotate={canAnnotate}
          onRequestComplement={onRequestComplement}
        />
      </section>
      <section aria-labelledby="actions-title" className="flex flex-col gap-2">
        <h3 id="actions-title" className="m-0 text-base">
          {t("room.actions.title")}
        </h3>
        {indicator.correctiveActions.length === 0 ? (
          <p className="m-0 text-ink-muted">{t("room.actions.none")}</p>
        ) : (
          <ul className="m-0 flex list-none flex-col gap-2 p-0" data-testid="corrective-actions">
            {indicator.correctiveActions.map((a) => (
              <li
                key={a.id}
                className="flex flex-col gap-1 rounded-sm border border-line px-3 py-2"
                data-overdue={a.overdue ? "true" : undefined}
              >
                <span className="break-words">{a.what}</span>
                <span className="flex flex-wrap items-center gap-2 text-sm text-ink-muted">
                  <Badge tone={a.status === "accepte" || a.status === "fait" ? "success" : a.status === "en_cours" ? "info" : "neutral"}>
                    {t(`room.actions.status.${a.status}`)}
                  </Badge>
                  {a.overdue ? <Badge tone="error">{t("room.actions.overdue")}</Badge> : null}
                  <span>{t("room.actions.due", { date: formatDate(a.dueOn) })}</span>
                  <span>{t("room.actions.who", { who: a.who })}</span>
                </span>
                {mayDecide && a.status !== "accepte" ? (
                  <Form method="post" className="m-0">
                    <input type="hidden" name="intent" value="accept-corrective-action" />
                    <input type="hidden" name="actionId" value={a.id} />
                    <input type="hidden" name="indicatorCode" value={indicator.code} />
                    <Button type="submit" variant="secondary" size="sm">
                      {t("room.actions.accept")}
                      <span className="sr-only"> : {a.what}</span>
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {cc.certificate ? (
        <section aria-labelledby="circuit-title" className="flex flex-col gap-2" data-testid="circuit-court">
          <h3 id="circuit-title" className="m-0 text-base">
            {t("room.circuit.title")}
          </h3>
          {
            <p className="m-0 flex flex-wrap items-center gap-2">
              <span>
                {t("room.circuit.certificate", {
                  label: cc.certificate.labelName,
                  from: formatDate(cc.certificate.validFrom),
                  to: formatDate(cc.certificate.validTo),
                })}
              </span>
              <Badge tone={cc.certificate.valid ? "success" : "error"}>
                {t(cc.certificate.valid ? "room.circuit.valid" : "room.circuit.invalid")}
              </Badge>
              <a href={`/fichiers/${cc.certificate.fileId}?inline=1`} target="_blank" rel="noopener noreferrer">
                {t("room.circuit.download")}
              </a>
            </p>
          }
          <p className="m-0 flex flex-wrap items-center gap-2" data-testid="certificate-review">
            <Badge tone={CHECK_TONE[cc.certificate.reviewStatus]}>{t(`room.circuit.review.${cc.certificate.reviewStatus}`)}</Badge>
            {cc.certificate.reviewStatus === "refused" && cc.certificate.reviewReason ? (
              <span className="break-words">{t("room.circuit.review.reason", { reason: cc.certificate.reviewReason })}</span>
            ) : null}
          </p>
          {mayDecide && cc.certificate.reviewStatus === "pending" ? (
            <div className="flex flex-wrap gap-2">
              <Form method="post" className="m-0">
                <input type="hidden" name="intent" value="certificate-review" />
                <input type="hidden" name="certificateId" value={cc.certificate.id} />
                <input type="hidden" name="outcome" value="validated" />
                <input type="hidden" name="reason" value="" />
                <input type="hidden" name="indicatorCode" value={indicator.code} />
                <Button type="submit" variant="primary" size="sm">
                  {t("room.circuit.review.validate")}
                </Button>
              </Form>
              <ConfirmDialog
                trigger={
                  <Button variant="secondary" size="sm">
                    {t("room.circuit.review.refuse")}
                  </Button>
                }
                title={t("room.circuit.review.refuseTitle", { label: cc.certificate.labelName })}
                description={t("room.circuit.review.refuseText")}
                confirmLabel={t("room.circuit.review.refuse")}
                fields={{
                  intent: "certificate-review",
                  certificateId: cc.certificate.id,
                  outcome: "refused",
                  indicatorCode: indicator.code,
                }}
                reopenOn={refusal}
              >
                <Field
                  id="certificate-refusal-reason"
                  label={t("room.circuit.review.reasonLabel")}
                  errors={refusal ? (fieldErrors(refusal, "reason") ?? formErrors(refusal)) : undefined}
                  announceErrors
                >
                  {(control) => (
                    <Textarea
                      {...control}
                      name="reason"
                      required
                      rows={3}
                      defaultValue={typeof typedReason === "string" ? typedReason : undefined}
                    />
                  )}
                </Field>
              </ConfirmDialog>
            </div>
          ) : null}
          {turnedDown ? (
            <FieldError id="certificate-review-error" errors={fieldErrors(turnedDown, "reason") ?? formErrors(turnedDown)} />
          ) : null}
          <p className="m-0">
            {t(
              cc.exemptionApplies
                ? "room.circuit.exempt"
                : cc.indicatorExemptable
                  ? "room.circuit.exemptInvalid"
                  : "room.circuit.notExempt",
            )}
          </p>
        </section>
      ) : null}
      <nav className="flex flex-wrap justify-between gap-2" aria-label={t("room.indicator.navigation")}>
        {indicator.previousCode ? (
          <ButtonLink to={indicatorUrl(indicator.previousCode)} variant="secondary" size="sm" rel="prev">
            ← {t("room.indicator.previous", { code: indicator.previousCode })}
          </ButtonLink>
        ) : (
          <span />
        )}
        {indicator.nextCode ? (
          <ButtonLink to={indicatorUrl(indicator.nextCode)} variant="secondary" size="sm" rel="next">
            {t("room.indicator.next", { code: indicator.nextCode })} →
          </ButtonLink>
        ) : null}
      </nav>
    </div>
  );
}

/** A reopened dossier (decision record 037): what the previous round decided, above the OF's new answer. */
function PreviousRound({ previous }: { previous: NonNullable<Selected["previousRound"]> }) {
  return (
    <section
      aria-labelledby="previous-round-title"
      className="flex flex-col gap-1 rounded-md border border-line bg-surface-alt px-4 py-3"
      data-testid="previous-round"
    >
      <h3 id="previous-round-title" className="m-0 text-base">
        {t("dossier.previousRound.title")}
      </h3>
      <p className="m-0 flex flex-wrap items-center gap-2">
        <Badge tone={STATE_TONE[previous.decision]}>
          {t("dossier.previousRound.decision", { decision: t(`examination.decision.${previous.decision}`) })}
        </Badge>
        <span className="text-sm text-ink-muted">
          {t("examination.page.decidedBy", { name: previous.decidedByName ?? "—", date: formatDateTime(previous.decidedAt) })}
        </span>
      </p>
      {previous.reason ? (
        <p className="m-0 break-words" data-testid="previous-round-reason">
          {t("room.previousRound.reason", { reason: previous.reason })}
        </p>
      ) : null}
    </section>
  );
}
