import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getOrCreateOfDossier } from "../../domain/dossiers/dossier-access";
import { dossierCompleteness, submitDossier } from "../../domain/dossiers/submission.service";
import { canTransition } from "../../domain/dossiers/status-machine";
import { parseWithZod } from "@conform-to/zod/v4";
import { synthesisFormSchema } from "../../domain/dossiers/synthesis.schema";
import { reopenDossier, reopenState } from "../../domain/dossiers/reopen.service";
import { requireOfScope } from "../utils/auth.server";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { formErrors } from "../components/ui/field-error";
import { toHttpError } from "../utils/http-errors.server";
import { StatusBadge } from "../components/dossier/status-badge";
import { t } from "../i18n";
import { statusLabel } from "../../domain/i18n/labels";
import { tp } from "../../domain/i18n/format";

export const meta: MetaFunction = () => [{ title: `${t("synthesis.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const scope = requireOfScope(request, context);
  const db = context.services.db;
  const dossier = await getOrCreateOfDossier(db, scope.organisationId, scope.actor.userId).catch(toHttpError);
  const { report } = await dossierCompleteness(db, dossier.id, dossier.referentiel_version_id, scope.organisationId);
  // The way back (decision record 037): may the OF start a new round now, and if not why.
  const reopen = await reopenState(db, dossier);
  return {
    round: dossier.round,
    reopen: { ...reopen, allowedFrom: reopen.allowedFrom?.toISOString() ?? null },
    status: dossier.status,
    canSubmit: canTransition(dossier.status, "submit", "of"),
    resubmission: dossier.status === "a_completer",
    complete: report.complete,
    total: report.total,
    missing: report.missing,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const scope = requireOfScope(request, context);
  const submission = parseWithZod(await request.formData(), { schema: synthesisFormSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    if (submission.value.intent === "reopen") {
      const dossier = await getOrCreateOfDossier(context.services.db, scope.organisationId, scope.actor.userId);
      await reopenDossier(context.services.db, scope.actor, dossier.id);
      return replyDone(submission, { notice: { key: "dossier.reopen.done" } });
    }
    const result = await submitDossier(context.services.db, scope);
    const codes = result.resubmission ? result.changedCodes.join(", ") : "";
    return replyDone(submission, { notice: { key: "synthesis.submitted", params: { codes } } });
  } catch (error) {
    // The refused status is shown in French ("en examen"), not as its code.
    return replyRefused(submission, error, {
      params: (params) => ({ ...params, status: statusLabel(String(params.status ?? "")) }),
    });
  }
}

export default function Synthesis() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = formErrors(reply);
  const codes = reply?.notice?.params?.codes;
  const navigation = useNavigation();
  return (
    <>
      <p>
        <Link to="/organisme/dossier">{t("dossierPage.backToDossier")}</Link>
      </p>
      <section className="page-header">
        <h1>{t("synthesis.title")}</h1>
        <p>{t("synthesis.lead")}</p>
        <p>
          {t("dossierPage.status")} : <StatusBadge status={d.status} /> — {tp("dossierPage.progress", d.complete, { total: d.total })}
        </p>
      </section>
      {reply?.notice ? (
        <div className="alert alert--success" role="status" id="submit-result">
          {t(reply.notice.key)}
          {codes ? ` ${t("synthesis.changed", { codes })}` : ""}
        </div>
      ) : null}
      {errors ? (
        <div className="alert alert--error" role="alert" id="submit-error">
          {errors.join(" ")}
        </div>
      ) : null}
      {d.missing.length === 0 ? (
        <p className="alert alert--success">{t("synthesis.allComplete")}</p>
      ) : (
        <section aria-labelledby="missing-title">
          <h2 id="missing-title">{t("synthesis.missingTitle", { count: d.missing.length })}</h2>
          <ul className="ofj-missing" id="missing-list">
            {d.missing.map((m) => (
              <li key={m.code} data-indicator={m.code}>
                <Link to={`/organisme/dossier/indicateur/${m.code}`}>
                  <strong>{m.code}</strong> {m.title}
                </Link>
                <span> — {m.missing.map((k) => t(`dossier.missing.${k}`)).join(", ")}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.canSubmit ? (
        <Form method="post" className="form">
          <p className="muted">{d.resubmission ? t("synthesis.resubmitHint") : t("synthesis.submitHint")}</p>
          <button type="submit" className="button" id="submit-dossier" disabled={navigation.state === "submitting"}>
            {d.resubmission ? t("synthesis.resubmit") : t("synthesis.submit")}
          </button>
        </Form>
      ) : !reply?.notice ? (
        <p className="alert alert--warning">{t("synthesis.notSubmittable", { status: t(`dossier.status.${d.status}`) })}</p>
      ) : null}
    </>
  );
}
