import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useEffect, useRef } from "react";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ofIndicatorDetail } from "../../domain/dossiers/indicator-detail";
import { saveDescription, setNotApplicable } from "../../domain/dossiers/answers.service";
import { addEvidence, removeEvidence } from "../../domain/dossiers/evidence.service";
import { postOfMessage } from "../../domain/threads/of-threads.service";
import { loadThreadPanel } from "../../domain/threads/thread-view.service";
import { OfIndicatorThread } from "../components/threads/of-indicator-thread";
import { addCorrectiveAction, CORRECTIVE_STATUSES, setCorrectiveActionStatus } from "../../domain/dossiers/corrective-actions.service";
import { parseWithZod } from "@conform-to/zod/v4";
import { INDICATOR_FORM_INTENTS, indicatorFormSchema } from "../../domain/dossiers/indicator-forms.schema";
import { requireOfScope } from "../utils/auth.server";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { isMultipart, parseUploadForm } from "../utils/upload.server";
import { toHttpError } from "../utils/http-errors.server";
import { uploadErrorFromUrl } from "../utils/upload-feedback.server";
import { LiveDossierUpdates } from "../components/live/live-dossier-updates";
import liveStyles from "../styles/live.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];
import { formatDate, formatDateTime } from "../../domain/i18n/format";
import { StatusBadge } from "../components/dossier/status-badge";
import { FieldError, FormErrors, fieldErrors, formErrors, replyFor } from "../components/ui/field-error";
import { DescriptionEditor } from "../components/dossier/description-editor";
import { UploadForm } from "../components/dossier/upload-form";
import { t } from "../i18n";
import { ReplyInput } from "../components/ui/plain-fields";
import { redirectWithToast } from "../utils/flash-toast.server";
import type { MessageKey } from "../../domain/i18n/translate";
import { readOnlyKeyFor } from "../../domain/dossiers/of-next-step";
import { OfPageHeader } from "../components/dossier/of-page-header";
import { Alert } from "../components/ui/alert";
import { Badge } from "../components/ui/badge";
import { Button, ButtonLink } from "../components/ui/button";
import { ConfirmDialog } from "../components/ui/dialog";
import { DataTable } from "../components/ui/table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("indicatorPage.title", { code: data?.indicator.code ?? "" })} — ${t("app.name")}` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const scope = requireOfScope(request, context);
  const detail = await ofIndicatorDetail(context.services.db, scope, params.code ?? "").catch(toHttpError);
  const thread = await loadThreadPanel(context.services.db, scope.actor, detail.dossierId, detail.indicator.code).catch(toHttpError);
  const { uploadMaxBytes } = context.services.config;
  return {
    ...detail,
    thread,
    meId: scope.actor.userId,
    uploadMaxBytes,
    uploadError: uploadErrorFromUrl(new URL(request.url), uploadMaxBytes),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const scope = requireOfScope(request, context);
  const code = params.code ?? "";
  const db = context.services.db;
  let form: FormData;
  let attachmentId: string | null = null;
  let uploadError: unknown = null;
  if (isMultipart(request)) {
    const parsed = await parseUploadForm(
      request,
      context,
      { organisationId: scope.organisationId, userId: scope.actor.userId },
      "attachment",
    );
    form = parsed.form;
    attachmentId = parsed.fileId;
    uploadError = parsed.error;
  } else {
    form = await request.formData();
  }
  const submission = parseWithZod(form, { schema: indicatorFormSchema });
  // Only the thread's reply box posts a file (a refused upload may leave no field at all).
  if (uploadError) return replyRefused(submission, uploadError, { form: "message" });
  const intent = form.get("intent");
  if (typeof intent !== "string" || !INDICATOR_FORM_INTENTS.includes(intent))
    return redirect(`/organisme/dossier/indicateur/${encodeURIComponent(code)}`);
  if (submission.status !== "success") return replyInvalid(submission, { form: intent });
  const input = submission.value;
  // Done: back to the page (its forms empty) with a toast.
  const done = (messageKey: MessageKey, hash = "") =>
    redirectWithToast(context, `/organisme/dossier/indicateur/${encodeURIComponent(code)}${hash}`, { kind: "success", messageKey });
  try {
    switch (input.intent) {
      case "description": {
        const answer = await saveDescription(db, scope, code, input.description);
        return replyDone(submission, {
          form: intent,
          notice: { key: "indicatorPage.save.saved", params: { savedAt: new Date(answer.updated_at).toISOString() } },
        });
      }
      case "not-applicable":
        await setNotApplicable(db, scope, code, input.notApplicable, input.notApplicableReason);
        return done("indicatorPage.toast.notApplicable");
      case "link": {
        await addEvidence(db, scope, code, { kind: "link", url: input.url, label: input.label });
        return done("indicatorPage.toast.link");
      }
      case "remove-evidence":
        await removeEvidence(db, scope, code, input.evidenceId);
        return done("indicatorPage.toast.removed");
      case "message": {
        // The thread panel posts with a fetcher, clears its box and shows the message itself.
        await postOfMessage(db, scope, code, input.body, attachmentId);
        break;
      }
      case "corrective-add":
        await addCorrectiveAction(db, scope, code, { what: input.what, who: input.who, dueOn: input.dueOn });
        return done("indicatorPage.toast.correctiveAdded", "#corrective-title");
      case "corrective-status":
        await setCorrectiveActionStatus(db, scope, input.actionId, input.status as (typeof CORRECTIVE_STATUSES)[number]);
        return done("indicatorPage.toast.correctiveUpdated", "#corrective-title");
    }
  } catch (error) {
    return replyRefused(submission, error, { form: intent });
  }
  return replyDone(submission, { form: intent });
}

export default function IndicatorPage() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const live = d.evidence.filter((e) => !e.replacedBy && !e.removedAt);
  const history = d.evidence.filter((e) => e.replacedBy || e.removedAt);
  const uploadError = d.uploadError;
  const naReply = replyFor(reply, "not-applicable");
  const linkReply = replyFor(reply, "link");
  // A link added (the action redirects with a toast, no reply) empties the link form for the next one.
  const linkForm = useRef<HTMLFormElement>(null);
  const linkSubmitting = navigation.formData?.get("intent") === "link";
  const wasLinkSubmitting = useRef(false);
  useEffect(() => {
    if (linkSubmitting) {
      wasLinkSubmitting.current = true;
      return;
    }
    if (navigation.state !== "idle" || !wasLinkSubmitting.current) return;
    wasLinkSubmitting.current = false;
    if (!linkReply) linkForm.current?.reset();
  }, [linkSubmitting, navigation.state, linkReply]);
  const correctiveReply = replyFor(reply, "corrective-add");
  const readOnlyKey = readOnlyKeyFor(d.status);
  const askedByFunder = d.review?.decision === "a_completer" && !d.review.stale;
  const title = `${t("indicatorPage.title", { code: d.indicator.code })} : ${d.indicator.title}`;

  return (
    <>
      <LiveDossierUpdates dossierId={d.dossierId} indicatorCode={d.indicator.code} />
      <OfPageHeader
        title={title}
        lead={d.editable ? t("indicatorPage.lead") : t("indicatorPage.leadReadOnly")}
        breadcrumb={[
          { label: t("dossierPage.title"), to: "/organisme/dossier" },
          { label: `${t("dossierPage.criterion", { number: d.indicator.criterionNumber })} — ${d.indicator.criterionTitle}` },
        ]}
      >
        <dl className="m-0 flex flex-wrap items-center gap-x-4 gap-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <dt>{t("dossierPage.status")} :</dt>
            <dd className="m-0">
              <StatusBadge status={d.status} />
            </dd>
          </div>
          <div className="flex min-w-0 flex-wrap items-center gap-2">
            <dt>{t("indicatorPage.indicatorState")} :</dt>
            <dd className="m-0 min-w-0">
              {d.missing.length === 0 ? (
                <Badge tone="success">
                  <span id="indicator-completeness">{t("indicatorPage.complete")}</span>
                </Badge>
              ) : (
                <Badge tone="warning" className="whitespace-normal">
                  <span id="indicator-completeness">
                    {t("indicatorPage.missing", { items: d.missing.map((m) => t(`dossier.missing.${m}`)).join(", ") })}
                  </span>
                </Badge>
              )}
            </dd>
          </div>
        </dl>
      </OfPageHeader>
      {d.revision ? (
        <Alert
          tone={d.revision.pending ? "warning" : "info"}
          announce={false}
          id="revision-state"
          title={d.revision.pending ? t("indicatorPage.revision.title") : undefined}
        >
          {d.revision.pending ? t("indicatorPage.revision.pending") : t("indicatorPage.revision.open")}
          {!d.revision.pending && d.revision.last ? (
            <span className="mt-2 block" id="revision-last">
              {d.revision.last.status === "sent_back"
                ? t("indicatorPage.revision.sentBack", {
                    date: formatDate(d.revision.last.decidedAt),
                    reason: d.revision.last.reason ?? "",
                  })
                : t("indicatorPage.revision.validated", { date: formatDate(d.revision.last.decidedAt) })}
            </span>
          ) : null}
        </Alert>
      ) : readOnlyKey ? (
        <Alert
          tone={d.status === "datadocke" ? "success" : d.status === "non_conforme" || d.status === "dereference" ? "error" : "info"}
          announce={false}
          id="read-only"
        >
          {t(readOnlyKey)}
        </Alert>
      ) : null}
      <FormErrors errors={formErrors(replyFor(reply, "remove-evidence"))} />

      {d.review && d.review.decision !== "valide" ? (
        <section
          className="mb-6 flex min-w-0 flex-col gap-2 rounded-md border border-l-4 border-line border-l-warning bg-white p-4"
          aria-labelledby="review-title"
        >
          <h2 id="review-title" className="m-0 text-xl font-bold">
            {t("indicatorPage.review")}
          </h2>
          <p className="m-0">
            <Badge tone={d.review.decision === "non_conforme" ? "error" : "warning"}>{t(`dossierPage.review.${d.review.decision}`)}</Badge>
          </p>
          <p className="m-0 break-words" id="review-reason">
            {t("indicatorPage.reviewReason", { reason: d.review.reason ?? "" })}
          </p>
          {askedByFunder && d.editable ? (
            <p className="m-0" id="review-next">
              {d.answer.changedSinceSubmission ? t("indicatorPage.answeredSinceAsked") : t("indicatorPage.askedByFunder")}
            </p>
          ) : null}
        </section>
      ) : d.review ? (
        <p className="mb-6">
          <Badge tone="success">{t("dossierPage.review.valide")}</Badge>
          {d.review.stale ? ` ${t("dossierPage.review.stale")}` : ""}
        </p>
      ) : null}

      {!d.answer.notApplicable ? (
        <>
          <section className="mb-8 min-w-0">
            <DescriptionEditor
              key={`${d.indicator.code}`}
              initial={d.answer.description}
              disabled={!d.editable}
              maxChars={d.rules.descriptionMaxChars}
              initialLength={d.rules.descriptionLength}
            />
          </section>

          <section aria-labelledby="evidence-title" className="mb-8 flex min-w-0 flex-col gap-3">
            <h2 id="evidence-title" className="m-0 text-xl font-bold">
              {t("indicatorPage.evidence")}
            </h2>
            {d.circuitCourtExempt ? (
              <Alert tone="success" announce={false}>
                {t("indicatorPage.circuitCourtExempt")}
              </Alert>
            ) : null}
            {uploadError ? <Alert tone="error">{t("indicatorPage.uploadFailed", { message: uploadError })}</Alert> : null}
            {live.length === 0 ? <p className="m-0 text-ink-muted">{t("indicatorPage.evidenceNone")}</p> : null}
            <p className="m-0 text-ink-muted" id="evidence-max">
              {t("indicatorPage.evidenceMax", { max: d.rules.evidenceMaxPerIndicator, count: live.length })}
            </p>
            <ul className="m-0 flex list-none flex-col p-0" id="evidence-list">
              {live.map((e) => (
                <li key={e.id} data-evidence-kind={e.kind} className="flex min-w-0 flex-col gap-2 border-b border-line py-3 break-words">
                  <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1">
                    {e.kind === "file" && e.fileId ? (
                      <>
                        <span className="min-w-0 font-bold break-all">{e.label}</span>
                        {e.contentType === "application/pdf" || e.contentType?.startsWith("image/") ? (
                          <a href={`/fichiers/${e.fileId}?inline=1`} target="_blank" rel="noreferrer">
                            {t("indicatorPage.view")}
                            <span className="sr-only"> {e.label}</span>
                          </a>
                        ) : null}
                        <a href={`/fichiers/${e.fileId}`} download>
                          {t("indicatorPage.download")}
                          <span className="sr-only"> {e.label}</span>
                        </a>
                      </>
                    ) : (
                      <a href={e.url ?? "#"} target="_blank" rel="noreferrer noopener" className="min-w-0 break-all">
                        {e.label || e.url}
                      </a>
                    )}
                    {e.change ? (
                      <Badge tone="warning">
                        {e.change === "added"
                          ? t("indicatorPage.revision.added")
                          : t("indicatorPage.revision.replaced", { label: e.replacesLabel ?? "" })}
                      </Badge>
                    ) : null}
                  </div>
                  {d.editable ? (
                    <div className="flex min-w-0 flex-wrap items-start gap-3">
                      <ConfirmDialog
                        trigger={
                          <Button variant="tertiary" size="sm" type="button">
                            {t("indicatorPage.remove")}
                            <span className="sr-only"> {e.label || e.url}</span>
                          </Button>
                        }
                        title={t("indicatorPage.removeConfirm.title", { label: e.label || e.url || "" })}
                        description={t("indicatorPage.removeConfirm.text")}
                        confirmLabel={t("indicatorPage.removeLabel")}
                        fields={{ intent: "remove-evidence", evidenceId: e.id }}
                      />
                      {e.kind === "file" ? (
                        <details className="min-w-0 flex-1">
                          <summary className="cursor-pointer text-primary">{t("indicatorPage.replace")}</summary>
                          <UploadForm
                            code={d.indicator.code}
                            maxBytes={d.uploadMaxBytes}
                            replaceId={e.id}
                            idPrefix={`replace-${e.id}`}
                            label={t("indicatorPage.replaceFile", { label: e.label })}
                          />
                        </details>
                      ) : null}
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
            {d.revision && d.revision.removedLabels.length > 0 ? (
              <p className="m-0 text-ink-muted" id="evidence-removed-in-update">
                {t("indicatorPage.revision.removed", { labels: d.revision.removedLabels.join(", ") })}
              </p>
            ) : null}
            {d.rules.evidenceExamples ? (
              <aside aria-labelledby="evidence-examples-title" className="rounded-md bg-surface-alt p-4" id="evidence-examples">
                <h3 id="evidence-examples-title" className="m-0 mb-2 text-lg font-bold">
                  {t("indicatorPage.examples")}
                </h3>
                <ul className="m-0 pl-6">
                  {d.rules.evidenceExamples
                    .split("\n")
                    .map((line) => line.trim())
                    .filter((line) => line.length > 0)
                    .map((line, index) => (
                      <li key={index}>{line}</li>
                    ))}
                </ul>
              </aside>
            ) : null}
            {d.editable && live.length >= d.rules.evidenceMaxPerIndicator ? (
              <Alert tone="warning" announce={false} id="evidence-full">
                {t("indicatorPage.evidenceFull")}
              </Alert>
            ) : d.editable ? (
              <div className="grid min-w-0 grid-cols-1 gap-4 md:grid-cols-2">
                <UploadForm code={d.indicator.code} maxBytes={d.uploadMaxBytes} idPrefix="upload" label={t("indicatorPage.upload")} />
                <Form ref={linkForm} method="post" className="flex min-w-0 flex-col gap-3" replace>
                  <input type="hidden" name="intent" value="link" />
                  <h3 className="m-0 text-lg font-bold">{t("indicatorPage.link")}</h3>
                  {fieldErrors(linkReply, "url") ? null : <FormErrors errors={formErrors(linkReply)} />}
                  <div className="field">
                    <label htmlFor="url">{t("indicatorPage.linkUrl")}</label>
                    <input
                      id="url"
                      name="url"
                      type="url"
                      inputMode="url"
                      placeholder="https://"
                      required
                      className="w-full"
                      aria-describedby="url-error"
                      aria-invalid={fieldErrors(linkReply, "url") ? true : undefined}
                    />
                    <FieldError id="url-error" errors={fieldErrors(linkReply, "url")} />
                  </div>
                  <div className="field">
                    <label htmlFor="link-label">{t("indicatorPage.linkLabel")}</label>
                    <input id="link-label" name="label" type="text" maxLength={300} className="w-full" />
                  </div>
                  <div>
                    <Button type="submit" size="sm" disabled={busy}>
                      {t("indicatorPage.linkSubmit")}
                    </Button>
                  </div>
                </Form>
              </div>
            ) : null}
            {history.length > 0 ? (
              <details className="ofj-history">
                <summary className="cursor-pointer text-primary">{t("indicatorPage.history")}</summary>
                <ul className="pl-6">
                  {history.map((e) => (
                    <li key={e.id} className="break-words">
                      {e.fileId ? <a href={`/fichiers/${e.fileId}`}>{e.label}</a> : <span>{e.label || e.url}</span>} —{" "}
                      {formatDateTime(e.createdAt)},{" "}
                      {e.removedAt ? t("indicatorPage.removedOn", { date: formatDate(e.removedAt) }) : t("indicatorPage.replacedOn")}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </section>
        </>
      ) : null}

      <section aria-labelledby="na-title" className="mb-8 min-w-0">
        <h2 id="na-title" className="m-0 mb-3 text-xl font-bold">
          {t("indicatorPage.notApplicable")}
        </h2>
        <Form method="post" className="flex min-w-0 flex-col gap-3" replace>
          <input type="hidden" name="intent" value="not-applicable" />
          {fieldErrors(naReply, "notApplicableReason") ? null : <FormErrors errors={formErrors(naReply)} />}
          <div className="flex items-start gap-3">
            <input
              type="checkbox"
              id="notApplicable"
              name="notApplicable"
              className="mt-1 size-5 shrink-0"
              defaultChecked={d.answer.notApplicable}
              disabled={!d.editable}
            />
            <label htmlFor="notApplicable">{t("indicatorPage.notApplicableLabel")}</label>
          </div>
          <div className="field">
            <label htmlFor="notApplicableReason">{t("indicatorPage.notApplicableReason")}</label>
            <textarea
              id="notApplicableReason"
              name="notApplicableReason"
              rows={3}
              className="w-full"
              defaultValue={d.answer.notApplicableReason}
              disabled={!d.editable}
              aria-invalid={fieldErrors(naReply, "notApplicableReason") ? true : undefined}
              aria-describedby="notApplicableReason-error"
            />
            <FieldError id="notApplicableReason-error" errors={fieldErrors(naReply, "notApplicableReason")} />
          </div>
          {d.editable ? (
            <div>
              <Button type="submit" size="sm" disabled={busy}>
                {t("indicatorPage.notApplicableSave")}
              </Button>
            </div>
          ) : null}
        </Form>
      </section>

      <section aria-labelledby="fil-title" className="mb-8 min-w-0" id="fil">
        <h2 id="fil-title" className="m-0 mb-3 text-xl font-bold">
          {t("indicatorPage.thread")}
        </h2>
        <OfIndicatorThread view={d.thread} meId={d.meId} />
      </section>

      <section aria-labelledby="corrective-title" className="mb-8 flex min-w-0 flex-col gap-3">
        <h2 id="corrective-title" className="m-0 text-xl font-bold">
          {t("indicatorPage.corrective")}
        </h2>
        {d.correctiveActions.length === 0 ? (
          <p className="m-0 text-ink-muted">{t("indicatorPage.correctiveNone")}</p>
        ) : (
          <div id="corrective-actions">
            <DataTable
              caption={t("indicatorPage.correctiveCaption")}
              captionHidden
              layout="cards"
              rows={d.correctiveActions}
              rowKey={(a) => a.id}
              columns={[
                { header: t("indicatorPage.correctiveWhat"), cell: (a) => a.what, rowHeader: true },
                { header: t("indicatorPage.correctiveWho"), cell: (a) => a.who },
                { header: t("indicatorPage.correctiveDue"), cell: (a) => formatDate(a.dueOn) },
                {
                  header: t("indicatorPage.correctiveStatus"),
                  cell: (a) => (
                    <Form method="post" className="flex flex-wrap items-center gap-2" replace>
                      <input type="hidden" name="intent" value="corrective-status" />
                      <input type="hidden" name="actionId" value={a.id} />
                      <label className="sr-only" htmlFor={`status-${a.id}`}>
                        {t("indicatorPage.correctiveStatus")}
                      </label>
                      <select id={`status-${a.id}`} name="status" defaultValue={a.status} disabled={!d.correctiveEditable}>
                        {CORRECTIVE_STATUSES.map((s) => (
                          <option key={s} value={s}>
                            {t(`corrective.status.${s}`)}
                          </option>
                        ))}
                      </select>
                      {d.correctiveEditable ? (
                        <Button type="submit" size="sm" variant="secondary">
                          {t("indicatorPage.correctiveUpdate")}
                        </Button>
                      ) : null}
                    </Form>
                  ),
                },
              ]}
            />
          </div>
        )}
        {d.correctiveEditable ? (
          <Form method="post" className="flex min-w-0 flex-col gap-3 rounded-md border border-line p-4" replace>
            <h3 className="m-0 text-lg font-bold">{t("indicatorPage.correctiveAddTitle")}</h3>
            <input type="hidden" name="intent" value="corrective-add" />
            <ReplyInput
              id="corrective-what"
              name="what"
              label={t("indicatorPage.correctiveWhat")}
              type="text"
              required
              maxLength={2000}
              reply={correctiveReply}
            />
            <ReplyInput
              id="corrective-who"
              name="who"
              label={t("indicatorPage.correctiveWho")}
              type="text"
              required
              maxLength={200}
              reply={correctiveReply}
            />
            <ReplyInput
              id="corrective-due"
              name="dueOn"
              label={t("indicatorPage.correctiveDue")}
              type="date"
              required
              reply={correctiveReply}
            />
            <div>
              <Button type="submit" size="sm" disabled={busy}>
                {t("indicatorPage.correctiveAdd")}
              </Button>
            </div>
          </Form>
        ) : null}
      </section>

      <nav className="flex flex-wrap justify-between gap-3 border-t border-line pt-4" aria-label={t("indicatorPage.pager")}>
        {d.previousCode ? (
          <ButtonLink variant="secondary" to={`/organisme/dossier/indicateur/${d.previousCode}`}>
            {t("indicatorPage.previous")}
          </ButtonLink>
        ) : (
          <span />
        )}
        {d.nextCode ? (
          <ButtonLink variant="secondary" to={`/organisme/dossier/indicateur/${d.nextCode}`}>
            {t("indicatorPage.next")}
          </ButtonLink>
        ) : (
          <ButtonLink variant="secondary" to="/organisme/dossier/synthese">
            {t("dossierPage.links.synthesis")}
          </ButtonLink>
        )}
      </nav>
    </>
  );
}
