import type { SerializeFrom } from "@remix-run/node";
import { Form } from "@remix-run/react";
import type { ExpertPanelView } from "../../../domain/experts/expert-view";
import { MESSAGE_MAX, QUESTION_MAX } from "../../../domain/experts/expert-requests.schema";
import { formatDate } from "../../../domain/i18n/format";
import { t } from "../../i18n";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/dialog";
import { Field, FieldFrame, Input, Textarea } from "../ui/field";
import { FieldError, FormErrors, fieldErrors, formErrors, replyFor, type FormReplyData } from "../ui/field-error";
import { Select } from "../ui/select";
import { ExpertThread, ExpertStatusBadge } from "../experts/expert-thread";

type Panel = SerializeFrom<ExpertPanelView>;

/**
 * Expert opinions in the review room (issue 15.7, decision record 044): the dossier's requests, each with
 * its confidential thread (never shown to the OF); for the examiners, the form to ask a funder's member or
 * an outside expert for an opinion on chosen indicators by a date, a reply box and a withdraw button per
 * request. The forms post to the room's action (intents expert-request, expert-reply, expert-withdraw).
 */
export function ExpertPanel({
  experts,
  indicators,
  selectedCode,
  reply,
  busy,
}: {
  experts: Panel;
  indicators: { code: string; title: string }[];
  selectedCode: string | null;
  reply: FormReplyData | undefined;
  busy: boolean;
}) {
  return (
    <section
      id="avis-experts"
      aria-labelledby="experts-title"
      className="flex min-w-0 flex-col gap-4 rounded-md border border-line bg-white p-4 sm:p-6"
      data-testid="expert-panel"
    >
      <h2 id="experts-title" className="m-0 text-xl">
        {t("experts.panel.title")}
      </h2>
      <p className="m-0 text-ink-muted">{t("experts.panel.lead")}</p>
      <FormErrors errors={formErrors(replyFor(reply, "expert-withdraw"))} />
      {experts.requests.length === 0 ? (
        <p className="m-0 text-ink-muted">{t("experts.panel.none")}</p>
      ) : (
        <ul className="m-0 flex list-none flex-col gap-4 p-0">
          {experts.requests.map((request) => (
            <li key={request.id} className="flex min-w-0 flex-col gap-2 rounded-sm border border-line p-3" data-testid="expert-request">
              <div className="flex flex-wrap items-center gap-2">
                <h3 className="m-0 text-base">
                  {t("experts.item.to", { name: request.expertName })}{" "}
                  <span className="font-normal text-ink-muted">({t(`experts.kind.${request.expertKind}`)})</span>
                </h3>
                <ExpertStatusBadge status={request.status} late={request.late} />
              </div>
              <p className="m-0 text-sm break-words text-ink-muted">
                {t("experts.item.by", { name: request.requesterName ?? "—", date: formatDate(request.createdAt) })} ·{" "}
                {t("experts.item.due", { date: formatDate(request.dueOn) })} ·{" "}
                {t("experts.item.indicators", { codes: request.indicators.map((i) => i.code).join(", ") })}
              </p>
              <p className="m-0 break-words whitespace-pre-wrap">{request.question}</p>
              <ExpertThread messages={request.messages} headingLevel={4} />
              {request.canManage ? <ManageRequest request={request} reply={reply} busy={busy} /> : null}
            </li>
          ))}
        </ul>
      )}
      {experts.canRequest ? (
        <RequestForm
          key={experts.requests.length}
          experts={experts}
          indicators={indicators}
          selectedCode={selectedCode}
          reply={replyFor(reply, "expert-request")}
          busy={busy}
        />
      ) : null}
    </section>
  );
}

function ManageRequest({ request, reply, busy }: { request: Panel["requests"][number]; reply: FormReplyData | undefined; busy: boolean }) {
  const own = reply && reply.form === "expert-reply" && reply.result.initialValue?.requestId === request.id ? reply : undefined;
  const bodyId = `expert-reply-${request.id}`;
  return (
    <div className="flex flex-col gap-2">
      <Form method="post" preventScrollReset className="flex flex-col gap-2" key={request.messages.length}>
        <input type="hidden" name="intent" value="expert-reply" />
        <input type="hidden" name="requestId" value={request.id} />
        <FormErrors errors={formErrors(own)} />
        <label htmlFor={bodyId} className="font-medium">
          {t("experts.reply.label")}
        </label>
        <Textarea
          id={bodyId}
          name="body"
          rows={2}
          maxLength={MESSAGE_MAX}
          required
          aria-invalid={fieldErrors(own, "body") ? true : undefined}
          aria-describedby={`${bodyId}-error`}
        />
        <FieldError id={`${bodyId}-error`} errors={fieldErrors(own, "body")} />
        <div>
          <Button type="submit" size="sm" variant="secondary" disabled={busy}>
            {t("experts.reply.submit")}
          </Button>
        </div>
      </Form>
      {/* Outside the reply form: the dialog posts its own form (portalled, but React events bubble through portals). */}
      <div>
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="danger" type="button">
              {t("experts.withdraw.button")}
            </Button>
          }
          title={t("experts.withdraw.title", { name: request.expertName })}
          description={t("experts.withdraw.text")}
          confirmLabel={t("experts.withdraw.button")}
          fields={{ intent: "expert-withdraw", requestId: request.id }}
        />
      </div>
    </div>
  );
}

function RequestForm({
  experts,
  indicators,
  selectedCode,
  reply,
  busy,
}: {
  experts: Panel;
  indicators: { code: string; title: string }[];
  selectedCode: string | null;
  reply: FormReplyData | undefined;
  busy: boolean;
}) {
  const typed = (reply?.result.initialValue ?? {}) as Record<string, unknown>;
  const text = (name: string, fallback = "") => (typeof typed[name] === "string" ? (typed[name] as string) : fallback);
  const chosen = new Set(
    reply
      ? ([] as unknown[]).concat(typed.indicatorCodes ?? []).filter((c): c is string => typeof c === "string")
      : selectedCode
        ? [selectedCode]
        : [],
  );
  const codesErrors = fieldErrors(reply, "indicatorCodes");
  return (
    <Form method="post" preventScrollReset className="flex flex-col gap-1 border-t border-line pt-4" aria-labelledby="expert-form-title">
      <h3 id="expert-form-title" className="m-0 mb-2 text-lg">
        {t("experts.form.title")}
      </h3>
      <input type="hidden" name="intent" value="expert-request" />
      <input type="hidden" name="indicatorCode" value={selectedCode ?? ""} />
      <FormErrors errors={formErrors(reply)} />
      <Field label={t("experts.form.member")} hint={t("experts.form.memberHint")} errors={fieldErrors(reply, "expertUserId")}>
        {(control) => (
          <Select
            {...control}
            name="expertUserId"
            defaultValue={text("expertUserId")}
            placeholder={t("experts.form.memberNone")}
            options={experts.candidates.map((c) => ({ value: c.id, label: `${c.name} (${c.funderName})` }))}
          />
        )}
      </Field>
      <Field label={t("experts.form.email")} hint={t("experts.form.emailHint")} errors={fieldErrors(reply, "email")}>
        {(control) => <Input {...control} name="email" type="email" autoComplete="off" defaultValue={text("email")} />}
      </Field>
      <Field label={t("experts.form.fullName")} hint={t("experts.form.fullNameHint")} errors={fieldErrors(reply, "fullName")}>
        {(control) => <Input {...control} name="fullName" autoComplete="off" maxLength={120} defaultValue={text("fullName")} />}
      </Field>
      <FieldFrame invalid={Boolean(codesErrors)}>
        <fieldset className="m-0 min-w-0 border-0 p-0" aria-describedby={codesErrors ? "expert-indicators-error" : undefined}>
          <legend className="mb-1 font-medium">{t("experts.form.indicators")}</legend>
          <div className="flex max-h-60 flex-col gap-1 overflow-y-auto rounded-sm border border-line p-2">
            {indicators.map((indicator) => (
              <label key={indicator.code} className="flex min-w-0 items-start gap-2 font-normal">
                <input
                  type="checkbox"
                  name="indicatorCodes"
                  value={indicator.code}
                  defaultChecked={chosen.has(indicator.code)}
                  className="mt-1 h-5 w-5 shrink-0"
                />
                <span className="min-w-0 break-words">
                  <strong>{indicator.code}</strong> <span className="text-ink-muted">{indicator.title}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <FieldError id="expert-indicators-error" errors={codesErrors} />
      </FieldFrame>
      <Field label={t("experts.form.dueOn")} errors={fieldErrors(reply, "dueOn")}>
        {(control) => (
          <Input {...control} name="dueOn" type="date" required min={experts.today} defaultValue={text("dueOn", experts.defaultDueOn)} />
        )}
      </Field>
      <Field label={t("experts.form.question")} errors={fieldErrors(reply, "question")}>
        {(control) => <Textarea {...control} name="question" rows={3} required maxLength={QUESTION_MAX} defaultValue={text("question")} />}
      </Field>
      <div>
        <Button type="submit" disabled={busy}>
          {t("experts.form.submit")}
        </Button>
      </div>
    </Form>
  );
}
