import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { circuitCourtStatus } from "../../domain/dossiers/dossier-access";
import { declareCertificate, listActiveLabels } from "../../domain/circuit-court/circuit-court.service";
import { discardUpload } from "../../domain/files/discard-upload";
import { parseWithZod } from "@conform-to/zod/v4";
import { certificateFormSchema } from "../../domain/circuit-court/circuit-court.schema";
import { requireOfScope } from "../utils/auth.server";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { FieldError, FormErrors, FormNotice, fieldErrors, formErrors } from "../components/ui/field-error";
import { parseUploadForm, uploadDeps } from "../utils/upload.server";
import { formatDate } from "../../domain/i18n/format";
import { t } from "../i18n";
import { Button } from "../components/ui/button";
import { ReplyInput } from "../components/ui/plain-fields";

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
  return replyDone(submission, { notice: { key: "circuitCourt.declared" } });
}

export default function CircuitCourt() {
  const { labels, status } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const latest = status.latest;
  return (
    <>
      <p>
        <Link to="/organisme/dossier">{t("dossierPage.backToDossier")}</Link>
      </p>
      <section className="page-header">
        <h1>{t("circuitCourt.title")}</h1>
        <p>{t("circuitCourt.lead")}</p>
      </section>
      <FormNotice reply={reply} />
      <div id="circuit-court-status">
        {latest ? (
          <>
            <p>
              {t("circuitCourt.current", { label: latest.labelName, from: formatDate(latest.validFrom), to: formatDate(latest.validTo) })}{" "}
              <a href={`/fichiers/${latest.fileId}?inline=1`} target="_blank" rel="noreferrer">
                {t("indicatorPage.view")}
              </a>
            </p>
            {status.active ? (
              <p className="alert alert--success">
                {t("dossierPage.circuitCourt.active", { label: latest.labelName, date: formatDate(latest.validTo) })}
              </p>
            ) : latest.expired ? (
              <p className="alert alert--warning" role="alert">
                {t("dossierPage.circuitCourt.expired", { label: latest.labelName, date: formatDate(latest.validTo) })}
              </p>
            ) : null}
          </>
        ) : (
          <p className="muted">{t("circuitCourt.none")}</p>
        )}
      </div>
      <Form method="post" encType="multipart/form-data" className="form">
        <FormErrors errors={formErrors(reply)} />
        <div className="field">
          <label htmlFor="labelId">{t("circuitCourt.label")}</label>
          <select id="labelId" name="labelId" required defaultValue="" aria-describedby="labelId-error">
            <option value="" disabled>
              {t("circuitCourt.choose")}
            </option>
            {labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
          <FieldError id="labelId-error" errors={fieldErrors(reply, "labelId")} />
        </div>
        <div className="form-row">
          <ReplyInput id="validFrom" name="validFrom" label={t("circuitCourt.validFrom")} type="date" required reply={reply} />
          <ReplyInput id="validTo" name="validTo" label={t("circuitCourt.validTo")} type="date" required reply={reply} />
        </div>
        <div className="field">
          <label htmlFor="certificate">{t("circuitCourt.file")}</label>
          <input
            id="certificate"
            name="certificate"
            type="file"
            required
            accept=".pdf,.png,.jpg,.jpeg"
            aria-describedby="certificate-error"
          />
          <FieldError id="certificate-error" errors={fieldErrors(reply, "file")} />
        </div>
        <Button type="submit" className="h-auto max-w-full whitespace-normal">
          {t("circuitCourt.submit")}
        </Button>
      </Form>
    </>
  );
}
