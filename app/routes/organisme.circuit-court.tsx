import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { circuitCourtStatus } from "../../domain/dossiers/dossier-access";
import { declareCertificate, listActiveLabels } from "../../domain/circuit-court/circuit-court.service";
import { discardUpload } from "../../domain/files/discard-upload";
import { parseWithZod } from "@conform-to/zod/v4";
import { certificateFormSchema } from "../../domain/circuit-court/circuit-court.schema";
import { requireOfScope } from "../utils/auth.server";
import { replyInvalid, replyRefused } from "../utils/form-reply.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { FormErrors, fieldErrors, formErrors } from "../components/ui/field-error";
import { parseUploadForm, uploadDeps } from "../utils/upload.server";
import { formatDate } from "../../domain/i18n/format";
import { t } from "../i18n";
import { OfPageHeader } from "../components/dossier/of-page-header";
import { Alert } from "../components/ui/alert";
import { Badge } from "../components/ui/badge";
import { Button, ButtonLink } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { Field, Input } from "../components/ui/field";
import { Select } from "../components/ui/select";

export const meta: MetaFunction = () => [{ title: `${t("circuitCourt.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const scope = requireOfScope(request, context);
  const db = context.services.db;
  const [labels, status] = await Promise.all([listActiveLabels(db), circuitCourtStatus(db, scope.organisationId)]);
  return { labels, status };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const scope = requireOfScope(request, context);
  const { form, fileId, error } = await parseUploadForm(
    request,
    context,
    { organisationId: scope.organisationId, userId: scope.actor.userId },
    "certificate",
  );
  const submission = parseWithZod(form, { schema: certificateFormSchema });
  if (error) return replyRefused(submission, error);
  if (submission.status !== "success") {
    if (fileId) await discardUpload(uploadDeps(context), scope.organisationId, fileId);
    return replyInvalid(submission);
  }
  try {
    await declareCertificate(context.services.db, scope, { ...submission.value, fileId: fileId ?? "" });
  } catch (caught) {
    if (fileId) await discardUpload(uploadDeps(context), scope.organisationId, fileId);
    return replyRefused(submission, caught);
  }
  // The redirect empties the form (no second declaration by a second click); the toast says it is done.
  return redirectWithToast(context, "/organisme/circuit-court", { kind: "success", messageKey: "circuitCourt.declared" });
}

const REVIEW_KEYS = {
  pending: "circuitCourt.ofReview.pending",
  validated: "circuitCourt.review.validated",
  refused: "circuitCourt.review.refused",
} as const;

export default function CircuitCourt() {
  const { labels, status } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const location = useLocation();
  const latest = status.latest;
  const review = latest && latest.reviewStatus in REVIEW_KEYS ? REVIEW_KEYS[latest.reviewStatus as keyof typeof REVIEW_KEYS] : null;
  return (
    <>
      <OfPageHeader
        title={t("circuitCourt.title")}
        lead={t("circuitCourt.lead")}
        breadcrumb={[{ label: t("dossierPage.title"), to: "/organisme/dossier" }, { label: t("circuitCourt.title") }]}
      />
      <div className="flex flex-col gap-6">
        <Card title={t("circuitCourt.statusTitle")} titleId="circuit-court-status-title">
          <div id="circuit-court-status" className="flex flex-col gap-3">
            {latest ? (
              <>
                <p className="m-0 flex flex-wrap items-center gap-2">
                  {status.active ? (
                    <Badge tone="success">{t("circuitCourt.state.active")}</Badge>
                  ) : latest.expired ? (
                    <Badge tone="warning">{t("circuitCourt.state.expired")}</Badge>
                  ) : (
                    <Badge tone="neutral">{t("circuitCourt.state.inactive")}</Badge>
                  )}
                  <span className="break-words">
                    {t("circuitCourt.current", {
                      label: latest.labelName,
                      from: formatDate(latest.validFrom),
                      to: formatDate(latest.validTo),
                    })}
                  </span>
                </p>
                <p className="m-0">
                  <a href={`/fichiers/${latest.fileId}?inline=1`} target="_blank" rel="noreferrer">
                    {t("circuitCourt.viewFile")}
                  </a>
                </p>
                {status.active ? (
                  <Alert tone="success" announce={false} className="mb-0!">
                    {t("dossierPage.circuitCourt.active", { label: latest.labelName, date: formatDate(latest.validTo) })}
                  </Alert>
                ) : latest.expired ? (
                  <Alert tone="warning" className="mb-0!">
                    {t("dossierPage.circuitCourt.expired", { label: latest.labelName, date: formatDate(latest.validTo) })}
                  </Alert>
                ) : null}
                {review ? (
                  <p className="m-0" id="circuit-court-review">
                    {t(review)}
                    {latest.reviewReason ? ` ${t("circuitCourt.reviewReason", { reason: latest.reviewReason })}` : ""}
                  </p>
                ) : null}
              </>
            ) : (
              <>
                <p className="m-0 font-bold">{t("circuitCourt.none")}</p>
                <p className="m-0 text-ink-muted">{t("circuitCourt.noneHint")}</p>
              </>
            )}
          </div>
        </Card>
        <Card title={t(latest ? "circuitCourt.formTitleRenew" : "circuitCourt.formTitle")} titleId="circuit-court-form-title">
          {/* Keyed by the navigation: after a declaration redirects here, the form is a fresh, empty one. */}
          <Form key={location.key} method="post" encType="multipart/form-data" aria-labelledby="circuit-court-form-title">
            <p className="mt-0 mb-4 text-ink-muted">{t("circuitCourt.formHint")}</p>
            <FormErrors errors={formErrors(reply)} />
            <Field id="labelId" label={t("circuitCourt.label")} errors={fieldErrors(reply, "labelId")} required>
              {(control) => (
                <Select
                  {...control}
                  name="labelId"
                  defaultValue=""
                  placeholder={t("circuitCourt.choose")}
                  options={labels.map((l) => ({ value: l.id, label: l.name }))}
                />
              )}
            </Field>
            <div className="grid max-w-xl grid-cols-1 gap-x-4 sm:grid-cols-2">
              <Field id="validFrom" label={t("circuitCourt.validFrom")} errors={fieldErrors(reply, "validFrom")} required>
                {(control) => <Input {...control} name="validFrom" type="date" />}
              </Field>
              <Field id="validTo" label={t("circuitCourt.validTo")} errors={fieldErrors(reply, "validTo")} required>
                {(control) => <Input {...control} name="validTo" type="date" />}
              </Field>
            </div>
            <Field id="certificate" label={t("circuitCourt.file")} errors={fieldErrors(reply, "file")} required>
              {(control) => <Input {...control} name="certificate" type="file" accept=".pdf,.png,.jpg,.jpeg" className="min-w-0" />}
            </Field>
            <Button type="submit" className="h-auto max-w-full whitespace-normal">
              {t("circuitCourt.submit")}
            </Button>
          </Form>
        </Card>
        <Card
          title={t("selfDiagnosis.next.title")}
          titleId="circuit-court-next"
          className="border-l-4 border-l-info"
          footer={
            <ButtonLink to="/organisme/dossier" variant="secondary">
              {t("profile.backToDossier")}
            </ButtonLink>
          }
        >
          <p className="m-0">{t("circuitCourt.next")}</p>
        </Card>
      </div>
    </>
  );
}
