import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { MESSAGE_MAX, expertAnswerFormSchema } from "../../domain/experts/expert-requests.schema";
import { formatDate } from "../../domain/i18n/format";
import { requireActor } from "../utils/auth.server";
import { loadExpertRequestPage, postExpertMessage } from "../utils/experts.server";
import { replyInvalid, replyRefused } from "../utils/form-reply.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { toHttpError, withStatus } from "../utils/http-errors.server";
import { requireUuid } from "../utils/uuid.server";
import { t } from "../i18n";
import { Alert } from "../components/ui/alert";
import { Breadcrumb } from "../components/ui/breadcrumb";
import { Button, ButtonLink } from "../components/ui/button";
import { Field, Textarea } from "../components/ui/field";
import { FormErrors, fieldErrors, formErrors } from "../components/ui/field-error";
import { PageHeader } from "../components/ui/page-header";
import { ExpertStatusBadge, ExpertThread } from "../components/experts/expert-thread";
import { useLiveSocket } from "../components/live/use-live-socket";
import { useLiveRevalidation } from "../components/live/use-live-revalidation";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.view.state === "standing" ? t("experts.page.title", { organisation: data.view.request.organisationName }) : t("experts.page.withdrawnTitle")} — ${t("app.name")}`,
  },
];

/**
 * The expert's page of one request (issue 15.7, decision record 044): the chosen indicators as the OF
 * answered them (descriptions, evidence), the examiner's question and the confidential thread, where
 * the expert answers. Only the request's expert reaches it (canActAsExpert, in loadExpertRequestPage and
 * postExpertMessage); withdrawn, it says so (410) and shows nothing of the dossier. Live: the page hears
 * the request's changes through its own room (never the dossier's) and reloads.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requireActor(request, context);
  const requestId = requireUuid(params.requestId);
  const view = await loadExpertRequestPage(context.services.db, actor, requestId).catch(toHttpError);
  return view.state === "withdrawn" ? withStatus({ view }, 410) : { view };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireActor(request, context);
  const requestId = requireUuid(params.requestId);
  const submission = parseWithZod(await request.formData(), { schema: expertAnswerFormSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    await postExpertMessage(context.services.db, actor, { requestId, body: submission.value.body });
  } catch (error) {
    return replyRefused(submission, error);
  }
  return redirectWithToast(context, `/avis/${requestId}`, { kind: "success", messageKey: "experts.page.answerSent" });
}

function useRequestLive(requestId: string | null) {
  const revalidate = useLiveRevalidation();
  useLiveSocket((socket) => {
    if (!requestId) return;
    socket.emit("expert:join", requestId, () => {});
    const onChange = (event: { requestId: string }) => {
      if (event.requestId.toLowerCase() === requestId.toLowerCase()) revalidate();
    };
    socket.on("expert:changed", onChange);
    return () => {
      socket.off("expert:changed", onChange);
    };
  });
}

export default function ExpertRequestPage() {
  const { view } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  useRequestLive(view.state === "standing" ? view.request.id : null);

  if (view.state === "withdrawn") {
    return (
      <>
        <Breadcrumb items={[{ label: t("experts.home.title"), to: "/avis" }, { label: view.organisationName }]} />
        <PageHeader title={t("experts.page.withdrawnTitle")} />
        <Alert tone="info" announce={false}>
          <p className="m-0" data-testid="expert-withdrawn">
            {t("experts.page.withdrawnText", { organisation: view.organisationName })}
          </p>
        </Alert>
        <p className="mt-4">
          <ButtonLink to="/avis" variant="secondary">
            {t("experts.page.back")}
          </ButtonLink>
        </p>
      </>
    );
  }

  const { request, indicators } = view;
  return (
    <div className="flex min-w-0 flex-col gap-6" data-testid="expert-page">
      <div>
        <Breadcrumb items={[{ label: t("experts.home.title"), to: "/avis" }, { label: request.organisationName }]} />
        <PageHeader
          flush
          title={t("experts.page.title", { organisation: request.organisationName })}
          lead={t("experts.page.lead", {
            requester: request.requesterName ?? "—",
            funder: request.requesterOrganisationName ?? "—",
            due: formatDate(request.dueOn),
          })}
        >
          <p className="m-0">
            <ExpertStatusBadge status={request.status} late={request.late} />
          </p>
        </PageHeader>
      </div>
      <Alert tone="info" announce={false}>
        <p className="m-0">{t("experts.page.confidential")}</p>
      </Alert>
      <section aria-labelledby="question-title" className="flex flex-col gap-2">
        <h2 id="question-title" className="m-0 text-xl">
          {t("experts.page.question")}
        </h2>
        <p className="m-0 break-words whitespace-pre-wrap" data-testid="expert-question">
          {request.question}
        </p>
      </section>
      <section aria-labelledby="indicators-title" className="flex flex-col gap-4">
        <h2 id="indicators-title" className="m-0 text-xl">
          {t("experts.page.indicators")}
        </h2>
        {indicators.map((indicator) => (
          <article
            key={indicator.code}
            aria-labelledby={`indicator-${indicator.code}`}
            className="flex min-w-0 flex-col gap-3 rounded-md border border-line bg-white p-4"
          >
            <header className="flex flex-col gap-1">
              <h3 id={`indicator-${indicator.code}`} className="m-0 text-lg">
                {t("experts.page.indicator", { code: indicator.code })}
              </h3>
              <p className="m-0 font-medium">{indicator.title}</p>
            </header>
            <div className="flex flex-col gap-1">
              <h4 className="m-0 text-base">{t("experts.page.answer")}</h4>
              {indicator.notApplicable ? (
                <p className="m-0">{t("experts.page.notApplicable", { reason: indicator.notApplicableReason ?? "" })}</p>
              ) : indicator.descriptionHtml ? (
                // Sanitized on the server (sanitize-html allow-list, decision 026).
                <div
                  className="prose-sm flex max-w-prose flex-col gap-2 break-words rounded-sm border-l-4 border-primary-soft bg-surface-alt px-4 py-3 [&_li]:ml-5 [&_p]:m-0 [&_ul]:list-disc"
                  dangerouslySetInnerHTML={{ __html: indicator.descriptionHtml }}
                />
              ) : (
                <p className="m-0 text-ink-muted">{t("experts.page.noAnswer")}</p>
              )}
            </div>
            <div className="flex flex-col gap-1">
              <h4 className="m-0 text-base">{t("experts.page.evidence")}</h4>
              {indicator.evidence.length === 0 ? (
                <p className="m-0 text-ink-muted">{t("experts.page.noEvidence")}</p>
              ) : (
                <ul className="m-0 flex flex-col gap-1 pl-5">
                  {indicator.evidence.map((e) => (
                    <li key={e.id} className="break-words">
                      {e.fileId ? (
                        <a href={`/fichiers/${e.fileId}?inline=1`} target="_blank" rel="noopener noreferrer">
                          {e.label || e.fileName}
                        </a>
                      ) : e.url ? (
                        <a href={e.url} target="_blank" rel="noopener noreferrer nofollow">
                          {e.label || e.url}
                        </a>
                      ) : (
                        e.label
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </article>
        ))}
      </section>
      <div className="flex flex-col gap-3">
        <ExpertThread messages={request.messages} headingLevel={2} />
        <Form method="post" className="flex flex-col gap-2" key={request.messages.length}>
          <FormErrors errors={formErrors(reply)} />
          <Field label={t("experts.page.answerLabel")} hint={t("experts.page.answerHint")} errors={fieldErrors(reply, "body")}>
            {(control) => <Textarea {...control} name="body" rows={5} required maxLength={MESSAGE_MAX} />}
          </Field>
          <div>
            <Button type="submit" disabled={busy}>
              {t("experts.page.answerSubmit")}
            </Button>
          </div>
        </Form>
      </div>
    </div>
  );
}
