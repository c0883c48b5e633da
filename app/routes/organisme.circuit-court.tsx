import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { circuitCourtStatus } from "../../domain/dossiers/dossier-access";
import { declareCertificate, listActiveLabels } from "../../domain/circuit-court/circuit-court.service";
import { discardUpload } from "../../domain/files/discard-upload";
import { requireOfScope } from "../utils/auth.server";
import { actionFailure, text, type ActionFailure } from "../utils/form-actions.server";
import { parseUploadForm, uploadDeps } from "../utils/upload.server";
import { formatDate } from "../../domain/i18n/format";
import { FieldError, FormMessage } from "../components/ui/form-message";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("circuitCourt.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const scope = requireOfScope(request, context);
  const db = context.services.db;
  const [labels, status] = await Promise.all([listActiveLabels(db), circuitCourtStatus(db, scope.organisationId)]);
  return { labels, status };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const scope = requireOfScope(request, context);
  const { form, fileId, error } = await parseUploadForm(request, context, { organisationId: scope.organisationId, userId: scope.actor.userId }, "certificate");
  if (error) return actionFailure(error, "declare");
  try {
    await declareCertificate(context.services.db, scope, {
      labelId: text(form, "labelId"),
      fileId: fileId ?? "",
      validFrom: text(form, "validFrom"),
      validTo: text(form, "validTo"),
    });
  } catch (caught) {
    if (fileId) await discardUpload(uploadDeps(context), scope.organisationId, fileId);
    return actionFailure(caught, "declare");
  }
  return { ok: true as const };
}

export default function CircuitCourt() {
  const { labels, status } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ({ ok: true } | ActionFailure) | undefined;
  const failure = result && !result.ok ? result : null;
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
      {result?.ok ? <p className="alert alert--success" role="status">{t("circuitCourt.declared")}</p> : null}
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
              <p className="alert alert--success">{t("dossierPage.circuitCourt.active", { label: latest.labelName, date: formatDate(latest.validTo) })}</p>
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
        <FormMessage failure={failure && Object.keys(failure.fieldErrors).length === 0 ? failure : failure?.fieldErrors.file ? failure : null} />
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
          <FieldError id="labelId-error" keys={failure?.fieldErrors.labelId} />
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor="validFrom">{t("circuitCourt.validFrom")}</label>
            <input id="validFrom" name="validFrom" type="date" required aria-describedby="validFrom-error" />
            <FieldError id="validFrom-error" keys={failure?.fieldErrors.validFrom} />
          </div>
          <div className="field">
            <label htmlFor="validTo">{t("circuitCourt.validTo")}</label>
            <input id="validTo" name="validTo" type="date" required aria-describedby="validTo-error" />
            <FieldError id="validTo-error" keys={failure?.fieldErrors.validTo} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="certificate">{t("circuitCourt.file")}</label>
          <input id="certificate" name="certificate" type="file" required accept=".pdf,.png,.jpg,.jpeg" />
        </div>
        <button type="submit" className="button">
          {t("circuitCourt.submit")}
        </button>
      </Form>
    </>
  );
}
