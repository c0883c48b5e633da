import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
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
import { FieldError, FormErrors, fieldErrors, formErrors, isDone, replyFor } from "../components/ui/field-error";
import { DescriptionEditor } from "../components/dossier/description-editor";
import { UploadForm } from "../components/dossier/upload-form";
import { t } from "../i18n";
import { ReplyInput } from "../components/ui/plain-fields";

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
        break;
      case "link": {
        await addEvidence(db, scope, code, { kind: "link", url: input.url, label: input.label });
        break;
      }
      case "remove-evidence":
        await removeEvidence(db, scope, code, input.evidenceId);
        break;
      case "message": {
        await postOfMessage(db, scope, code, input.body, attachmentId);
        break;
      }
      case "corrective-add":
        await addCorrectiveAction(db, scope, code, { what: input.what, who: input.who, dueOn: input.dueOn });
        break;
      case "corrective-status":
        await setCorrectiveActionStatus(db, scope, input.actionId, input.status as (typeof CORRECTIVE_STATUSES)[number]);
        break;
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
  const [search] = useSearchParams();
  const busy = navigation.state === "submitting";
  const live = d.evidence.filter((e) => !e.replacedBy && !e.removedAt);
  const history = d.evidence.filter((e) => e.replacedBy || e.removedAt);
  const uploadError = d.uploadError;
  const naReply = replyFor(reply, "not-applicable");
  const linkReply = replyFor(reply, "link");
  const correctiveReply = replyFor(reply, "corrective-add");
  // An added link leaves its form empty, so it is not sent twice by mistake.
  const linkForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (navigation.state !== "idle" || !isDone(reply)) return;
    if (reply?.form === "link") linkForm.current?.reset();
  }, [navigation.state, reply]);

  return (
    <>
      <p>
        <Link to="/organisme/dossier">{t("dossierPage.backToDossier")}</Link>
      </p>
      <LiveDossierUpdates dossierId={d.dossierId} indicatorCode={d.indicator.code} />
      <section className="page-header">
        <p className="muted">
          {t("dossierPage.criterion", { number: d.indicator.criterionNumber })} — {d.indicator.criterionTitle}
        </p>
        <h1>
          {t("indicatorPage.title", { code: d.indicator.code })} : {d.indicator.title}
        </h1>
        <p>
          <StatusBadge status={d.status} />{" "}
          {d.missing.length === 0 ? (
            <span className="badge badge--success" id="indicator-completeness">
              {t("indicatorPage.complete")}
            </span>
          ) : (
            <span className="badge badge--warning" id="indicator-completeness">
              {t("indicatorPage.missing", { items: d.missing.map((m) => t(`dossier.missing.${m}`)).join(", ") })}
            </span>
          )}
        </p>
      </section>
      {!d.editable ? (
        <div className="alert alert--warning">{t("dossier.readOnly", { status: t(`dossier.status.${d.status}`) })}</div>
      ) : null}
      <FormErrors errors={formErrors(replyFor(reply, "remove-evidence"))} />

      {d.review && d.review.decision !== "valide" ? (
        <section className="card ofj-review" aria-labelledby="review-title">
          <h2 id="review-title">{t("indicatorPage.review")}</h2>
          <p>
            <span className="badge badge--error">{t(`dossierPage.review.${d.review.decision}`)}</span>
          </p>
          <p id="review-reason">{t("indicatorPage.reviewReason", { reason: d.review.reason ?? "" })}</p>
        </section>
      ) : d.review ? (
        <p>
          <span className="badge badge--success">{t("dossierPage.review.valide")}</span>
          {d.review.stale ? ` ${t("dossierPage.review.stale")}` : ""}
        </p>
      ) : null}

      {!d.answer.notApplicable ? (
        <>
          <section className="ofj-section">
            <DescriptionEditor
              key={`${d.indicator.code}`}
              initial={d.answer.description}
              disabled={!d.editable}
              maxChars={d.rules.descriptionMaxChars}
              initialLength={d.rules.descriptionLength}
            />
          </section>

          <section aria-labelledby="evidence-title" className="ofj-section">
            <h2 id="evidence-title">{t("indicatorPage.evidence")}</h2>
            {d.circuitCourtExempt ? <p className="alert alert--success">{t("indicatorPage.circuitCourtExempt")}</p> : null}
            {search.get("televersement") === "ok" ? <p className="alert alert--success">{t("indicatorPage.uploadDone")}</p> : null}
            {uploadError ? (
              <p className="alert alert--error" role="alert">
                {t("indicatorPage.uploadFailed", { message: uploadError })}
              </p>
            ) : null}
            {live.length === 0 ? <p className="muted">{t("indicatorPage.evidenceNone")}</p> : null}
            <p className="muted" id="evidence-max">
              {t("indicatorPage.evidenceMax", { max: d.rules.evidenceMaxPerIndicator, count: live.length })}
            </p>
            <ul className="ofj-evidence" id="evidence-list">
              {live.map((e) => (
                <li key={e.id} data-evidence-kind={e.kind}>
                  {e.kind === "file" && e.fileId ? (
                    <>
                      <span>{e.label}</span>{" "}
                      {e.contentType === "application/pdf" || e.contentType?.startsWith("image/") ? (
                        <a href={`/fichiers/${e.fileId}?inline=1`} target="_blank" rel="noreferrer">
                          {t("indicatorPage.view")}
                        </a>
                      ) : null}{" "}
                      <a href={`/fichiers/${e.fileId}`} download>
                        {t("indicatorPage.download")}
                      </a>
                    </>
                  ) : (
                    <a href={e.url ?? "#"} target="_blank" rel="noreferrer noopener">
                      {e.label || e.url}
                    </a>
                  )}
                  {d.editable ? (
                    <div className="ofj-evidence__actions">
                      <Form method="post" replace>
                        <input type="hidden" name="intent" value="remove-evidence" />
                        <input type="hidden" name="evidenceId" value={e.id} />
                        <button type="submit" className="link-button" aria-label={`${t("indicatorPage.remove")} ${e.label}`}>
                          {t("indicatorPage.remove")}
                        </button>
                      </Form>
                      {e.kind === "file" ? (
                        <details>
                          <summary>{t("indicatorPage.replace")}</summary>
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
            {d.rules.evidenceExamples ? (
              <aside aria-labelledby="evidence-examples-title" className="card" id="evidence-examples">
                <h3 id="evidence-examples-title">{t("indicatorPage.examples")}</h3>
                <ul>
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
              <p className="alert alert--warning" id="evidence-full">
                {t("indicatorPage.evidenceFull")}
              </p>
            ) : d.editable ? (
              <div className="ofj-evidence__add">
                <UploadForm code={d.indicator.code} maxBytes={d.uploadMaxBytes} idPrefix="upload" label={t("indicatorPage.upload")} />
                <Form method="post" className="form" replace ref={linkForm}>
                  <input type="hidden" name="intent" value="link" />
                  <h3>{t("indicatorPage.link")}</h3>
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
                      aria-describedby="url-error"
                      aria-invalid={fieldErrors(linkReply, "url") ? true : undefined}
                    />
                    <FieldError id="url-error" errors={fieldErrors(linkReply, "url")} />
                  </div>
                  <div className="field">
                    <label htmlFor="link-label">{t("indicatorPage.linkLabel")}</label>
                    <input id="link-label" name="label" type="text" maxLength={300} />
                  </div>
                  <button type="submit" className="button button--small" disabled={busy}>
                    {t("indicatorPage.linkSubmit")}
                  </button>
                </Form>
              </div>
            ) : null}
            {history.length > 0 ? (
              <details className="ofj-history">
                <summary>{t("indicatorPage.history")}</summary>
                <ul>
                  {history.map((e) => (
                    <li key={e.id}>
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

      <section aria-labelledby="na-title" className="ofj-section">
        <h2 id="na-title">{t("indicatorPage.notApplicable")}</h2>
        <Form method="post" className="form" replace>
          <input type="hidden" name="intent" value="not-applicable" />
          {fieldErrors(naReply, "notApplicableReason") ? null : <FormErrors errors={formErrors(naReply)} />}
          <div className="field field--checkbox">
            <input type="checkbox" id="notApplicable" name="notApplicable" defaultChecked={d.answer.notApplicable} disabled={!d.editable} />
            <label htmlFor="notApplicable">{t("indicatorPage.notApplicableLabel")}</label>
          </div>
          <div className="field">
            <label htmlFor="notApplicableReason">{t("indicatorPage.notApplicableReason")}</label>
            <textarea
              id="notApplicableReason"
              name="notApplicableReason"
              rows={3}
              defaultValue={d.answer.notApplicableReason}
              disabled={!d.editable}
              aria-invalid={fieldErrors(naReply, "notApplicableReason") ? true : undefined}
              aria-describedby="notApplicableReason-error"
            />
            <FieldError id="notApplicableReason-error" errors={fieldErrors(naReply, "notApplicableReason")} />
          </div>
          {d.editable ? (
            <button type="submit" className="button button--small" disabled={busy}>
              {t("indicatorPage.notApplicableSave")}
            </button>
          ) : null}
        </Form>
      </section>

      <section aria-labelledby="thread-title" className="ofj-section">
        <h2 id="thread-title">{t("indicatorPage.thread")}</h2>
        <OfIndicatorThread view={d.thread} meId={d.meId} />
      </section>

      <section aria-labelledby="corrective-title" className="ofj-section">
        <h2 id="corrective-title">{t("indicatorPage.corrective")}</h2>
        {d.correctiveActions.length === 0 ? (
          <p className="muted">{t("indicatorPage.correctiveNone")}</p>
        ) : (
          <table className="table" id="corrective-actions">
            <thead>
              <tr>
                <th scope="col">{t("indicatorPage.correctiveWhat")}</th>
                <th scope="col">{t("indicatorPage.correctiveWho")}</th>
                <th scope="col">{t("indicatorPage.correctiveDue")}</th>
                <th scope="col">{t("indicatorPage.correctiveStatus")}</th>
              </tr>
            </thead>
            <tbody>
              {d.correctiveActions.map((a) => (
                <tr key={a.id}>
                  <td>{a.what}</td>
                  <td>{a.who}</td>
                  <td>{formatDate(a.dueOn)}</td>
                  <td>
                    <Form method="post" className="ofj-inline-form" replace>
                      <input type="hidden" name="intent" value="corrective-status" />
                      <input type="hidden" name="actionId" value={a.id} />
                      <label className="visually-hidden" htmlFor={`status-${a.id}`}>
                        {t("indicatorPage.correctiveStatus")}
                      </label>
                      <select id={`status-${a.id}`} name="status" defaultValue={a.status}>
                        {CORRECTIVE_STATUSES.map((s) => (
                          <option key={s} value={s}>
                            {t(`corrective.status.${s}`)}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="button button--small button--secondary">
                        {t("indicatorPage.correctiveUpdate")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Form method="post" className="form" replace>
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
          <button type="submit" className="button button--small" disabled={busy}>
            {t("indicatorPage.correctiveAdd")}
          </button>
        </Form>
      </section>

      <nav className="ofj-pager" aria-label={t("dossierPage.title")}>
        {d.previousCode ? <Link to={`/organisme/dossier/indicateur/${d.previousCode}`}>{t("indicatorPage.previous")}</Link> : <span />}
        {d.nextCode ? <Link to={`/organisme/dossier/indicateur/${d.nextCode}`}>{t("indicatorPage.next")}</Link> : <span />}
      </nav>
    </>
  );
}
