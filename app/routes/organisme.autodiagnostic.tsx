import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { LEVELS, selfDiagnosis, setSelfAssessment } from "../../domain/self-diagnosis/self-diagnosis.service";
import { parseWithZod } from "@conform-to/zod/v4";
import { selfDiagnosisFormSchema } from "../../domain/self-diagnosis/self-diagnosis.schema";
import { requireOfScope } from "../utils/auth.server";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { FormErrors, FormNotice, formErrors } from "../components/ui/field-error";
import { toHttpError } from "../utils/http-errors.server";
import { t } from "../i18n";
import { formatPercent } from "../../domain/i18n/format";

export const meta: MetaFunction = () => [{ title: `${t("selfDiagnosis.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const scope = requireOfScope(request, context);
  return selfDiagnosis(context.services.db, scope).catch(toHttpError);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const scope = requireOfScope(request, context);
  const submission = parseWithZod(await request.formData(), { schema: selfDiagnosisFormSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    for (const { code, level } of submission.value) await setSelfAssessment(context.services.db, scope, code, level);
  } catch (error) {
    return replyRefused(submission, error);
  }
  return replyDone(submission, { notice: { key: "selfDiagnosis.saved" } });
}

export default function SelfDiagnosis() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <section className="page-header">
        <h1>{t("selfDiagnosis.title")}</h1>
        <p>{t("selfDiagnosis.lead")}</p>
        <p className="muted">{t("selfDiagnosis.guidance")}</p>
        <p id="overall-score">
          <strong>{t("selfDiagnosis.overall", { score: formatPercent(d.overall / 100, 0), answered: d.answered, total: d.total })}</strong>
        </p>
        <button type="button" className="button button--secondary button--small ofj-no-print" onClick={() => window.print()}>
          {t("selfDiagnosis.print")}
        </button>
      </section>
      <FormNotice reply={reply} />
      <FormErrors errors={formErrors(reply)} />
      <Form method="post" className="form form--wide">
        {d.criteria.map((c) => (
          <fieldset key={c.number} className="ofj-criterion">
            <legend>
              <strong>
                {t("dossierPage.criterion", { number: c.number })} — {c.title}
              </strong>{" "}
              <span className="badge" data-criterion-score={c.number}>
                {t("selfDiagnosis.score", { score: formatPercent(c.score / 100, 0) })}
              </span>
            </legend>
            {c.indicators.map((i) => (
              <fieldset key={i.code} className="ofj-diag">
                <legend>
                  <strong>{i.code}</strong> {i.title} — {t("selfDiagnosis.question")}
                </legend>
                <div className="ofj-diag__choices">
                  {LEVELS.map((level) => (
                    <label key={level}>
                      <input type="radio" name={`level-${i.code}`} value={level} defaultChecked={i.level === level} />{" "}
                      {t(`selfDiagnosis.level.${level}`)}
                    </label>
                  ))}
                </div>
              </fieldset>
            ))}
          </fieldset>
        ))}
        <button type="submit" className="button ofj-no-print">
          {t("selfDiagnosis.save")}
        </button>
      </Form>
      <section aria-labelledby="gaps-title">
        <h2 id="gaps-title">{t("selfDiagnosis.gaps")}</h2>
        {d.gaps.length === 0 ? (
          <p>{t("selfDiagnosis.noGaps")}</p>
        ) : (
          <ul id="gaps">
            {d.gaps.map((g) => (
              <li key={g.code}>
                <Link to={`/organisme/dossier/indicateur/${g.code}`}>
                  <strong>{g.code}</strong> {g.title}
                </Link>{" "}
                — {g.level ? t(`selfDiagnosis.level.${g.level}`) : t("selfDiagnosis.unanswered")}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
