import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { getOrCreateOfDossier } from "../../domain/dossiers/dossier-access";
import { dossierCompleteness, submitDossier } from "../../domain/dossiers/submission.service";
import { canTransition } from "../../domain/dossiers/status-machine";
import { reopenDossier, reopenState } from "../../domain/dossiers/reopen.service";
import { loadOfNextStep } from "../../domain/dossiers/of-next-step.queries";
import { synthesisFormSchema } from "../../domain/dossiers/submission.schema";
import { requireOfScope } from "../utils/auth.server";
import { replyInvalid, replyRefused } from "../utils/form-reply.server";
import { redirectWithToast } from "../utils/flash-toast.server";
import { FieldError, fieldErrors, formErrors } from "../components/ui/field-error";
import { toHttpError } from "../utils/http-errors.server";
import { StatusBadge } from "../components/dossier/status-badge";
import { NextStepPanel } from "../components/dossier/next-step-panel";
import { OfPageHeader } from "../components/dossier/of-page-header";
import { Alert } from "../components/ui/alert";
import { Button } from "../components/ui/button";
import { Dialog, DialogClose } from "../components/ui/dialog";
import { Progress } from "../components/ui/progress";
import { t } from "../i18n";
import { statusLabel } from "../../domain/i18n/labels";
import { formatLongDate, tp } from "../../domain/i18n/format";
import { displayMessage } from "../../domain/i18n/translate";

export const meta: MetaFunction = () => [{ title: `${t("synthesis.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const scope = requireOfScope(request, context);
  const db = context.services.db;
  const dossier = await getOrCreateOfDossier(db, scope.organisationId, scope.actor.userId).catch(toHttpError);
  const [{ report }, step] = await Promise.all([
    dossierCompleteness(db, dossier.id, dossier.referentiel_version_id, scope.organisationId),
    loadOfNextStep(db, dossier),
  ]);
  // The way back (decision record 037): may the OF start a new round now, and if not why.
  const reopen = await reopenState(db, dossier);
  return {
    round: dossier.round,
    reopen: { ...reopen, allowedFrom: reopen.allowedFrom?.toISOString() ?? null },
    status: dossier.status,
    step,
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
      return redirectWithToast(context, "/organisme/dossier", { kind: "success", messageKey: "dossier.reopen.done" });
    }
    const result = await submitDossier(context.services.db, scope);
    return redirectWithToast(
      context,
      "/organisme",
      result.resubmission && result.changedCodes.length > 0
        ? { kind: "success", messageKey: "synthesis.resubmitted", params: { codes: result.changedCodes.join(", ") } }
        : { kind: "success", messageKey: "synthesis.submitted" },
    );
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
  const attestationErrors = fieldErrors(reply, "attestation");
  const navigation = useNavigation();
  const progress = tp("dossierPage.progress", d.complete, { total: d.total });
  return (
    <>
      <OfPageHeader
        title={t("synthesis.title")}
        lead={t("synthesis.lead")}
        breadcrumb={[{ label: t("dossierPage.title"), to: "/organisme/dossier" }, { label: t("synthesis.title") }]}
      >
        <p className="m-0">
          {t("dossierPage.status")} : <StatusBadge status={d.status} />
        </p>
        <Progress label={t("dossierPage.progressLabel")} value={d.complete} max={d.total} valueText={progress} />
      </OfPageHeader>
      {errors ? (
        <Alert tone="error" id="submit-error">
          {errors.map((e) => (
            <p key={e}>{e}</p>
          ))}
          {(attestationErrors ?? []).map((e) => (
            <p key={e}>{displayMessage(e)}</p>
          ))}
        </Alert>
      ) : null}
      {d.status === "non_conforme" || d.status === "dereference" ? <ReopenSection reopen={d.reopen} /> : null}
      {!d.canSubmit ? (
        <NextStepPanel step={d.step} />
      ) : d.missing.length === 0 ? (
        <section
          aria-labelledby="submit-title"
          className="mb-6 flex min-w-0 flex-col gap-3 rounded-md border border-l-4 border-line border-l-success bg-white p-4 sm:p-6"
        >
          <h2 id="submit-title" className="m-0 text-xl font-bold">
            {t("synthesis.allComplete")}
          </h2>
          <p className="m-0">{d.resubmission ? t("synthesis.resubmitHint") : t("synthesis.submitHint")}</p>
          <div>
            <Dialog
              trigger={
                <Button id="submit-dossier" type="button">
                  {d.resubmission ? t("synthesis.resubmit") : t("synthesis.submit")}
                </Button>
              }
              title={d.resubmission ? t("synthesis.confirm.resubmitTitle") : t("synthesis.confirm.title")}
              description={t("synthesis.confirm.text")}
              footer={<></>}
            >
              <Form method="post" className="flex flex-col gap-4" id="submit-form">
                <input type="hidden" name="intent" value="submit" />
                <div className="flex items-start gap-3">
                  <input
                    type="checkbox"
                    id="attestation-honneur"
                    name="attestation"
                    required
                    className="mt-1 size-5 shrink-0"
                    aria-invalid={attestationErrors ? true : undefined}
                    aria-describedby="attestation-honneur-error"
                  />
                  <label htmlFor="attestation-honneur">{t("synthesis.confirm.attestation")}</label>
                </div>
                <FieldError id="attestation-honneur-error" errors={attestationErrors} />
                <div className="flex flex-wrap justify-end gap-2">
                  <DialogClose asChild>
                    <Button variant="secondary" type="button">
                      {t("ui.cancel")}
                    </Button>
                  </DialogClose>
                  <Button type="submit" id="confirm-submit" disabled={navigation.state === "submitting"}>
                    {d.resubmission ? t("synthesis.confirm.resubmit") : t("synthesis.confirm.submit")}
                  </Button>
                </div>
              </Form>
            </Dialog>
          </div>
        </section>
      ) : null}
      {d.canSubmit && d.missing.length > 0 ? (
        <section aria-labelledby="missing-title">
          <h2 id="missing-title" className="mt-0 mb-3 text-xl font-bold">
            {t("synthesis.missingTitle", { count: d.missing.length })}
          </h2>
          <ul className="m-0 flex list-none flex-col gap-2 p-0" id="missing-list">
            {d.missing.map((m) => (
              <li key={m.code} data-indicator={m.code} className="min-w-0 rounded-md border border-line bg-white p-3 break-words">
                <Link to={`/organisme/dossier/indicateur/${m.code}`} className="font-bold">
                  {t("indicatorPage.title", { code: m.code })} — {m.title}
                </Link>
                <p className="m-0 text-ink-muted">
                  {t("synthesis.missingItems", { items: m.missing.map((k) => t(`dossier.missing.${k}`)).join(", ") })}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** The way back (decision record 037): reopen now, or why not yet. */
function ReopenSection({ reopen }: { reopen: { possible: boolean; unansweredCodes: string[]; allowedFrom: string | null } }) {
  return (
    <section
      aria-labelledby="reopen-title"
      id="reopen"
      className="mb-6 flex min-w-0 flex-col gap-3 rounded-md border border-line bg-white p-4 sm:p-6"
    >
      <h2 id="reopen-title" className="m-0 text-xl font-bold">
        {t("dossier.reopen.title")}
      </h2>
      <p className="m-0">{t("dossier.reopen.lead")}</p>
      {reopen.possible ? (
        <Form method="post">
          <input type="hidden" name="intent" value="reopen" />
          <Button type="submit" id="reopen-dossier">
            {t("dossier.reopen.submit")}
          </Button>
        </Form>
      ) : reopen.allowedFrom ? (
        <Alert tone="info" announce={false}>
          {t("dossier.reopen.tooEarly", { date: formatLongDate(reopen.allowedFrom) })}
        </Alert>
      ) : (
        <>
          <Alert tone="warning" announce={false}>
            {t("dossier.reopen.reasonsUnanswered", { codes: reopen.unansweredCodes.join(", ") })}
          </Alert>
          {/* Where each reason is answered: the indicator's corrective actions. */}
          <ul className="m-0 flex list-none flex-wrap gap-x-4 gap-y-2 p-0" id="reopen-unanswered">
            {reopen.unansweredCodes.map((code) => (
              <li key={code}>
                <Link to={`/organisme/dossier/indicateur/${encodeURIComponent(code)}#corrective-title`}>
                  {t("indicatorPage.title", { code })}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
