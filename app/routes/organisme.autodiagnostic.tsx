import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { LEVELS, selfDiagnosis, setSelfAssessment } from "../../domain/self-diagnosis/self-diagnosis.service";
import { parseWithZod } from "@conform-to/zod/v4";
import { selfDiagnosisFormSchema } from "../../domain/self-diagnosis/self-diagnosis.schema";
import { requireOfScope } from "../utils/auth.server";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { FormErrors, FormNotice, formErrors } from "../components/ui/field-error";
import { toHttpError } from "../utils/http-errors.server";
import { OfPageHeader } from "../components/dossier/of-page-header";
import { Badge, type Tone } from "../components/ui/badge";
import { Button, ButtonLink } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { Progress } from "../components/ui/progress";
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

const LEVEL_TONE: Record<(typeof LEVELS)[number], Tone> = { oui: "success", en_partie: "warning", non: "error" };

/** A criterion's readiness as a badge: the words say it, the tone follows the score. */
function scoreTone(score: number): Tone {
  return score >= 100 ? "success" : score >= 50 ? "info" : "warning";
}

export default function SelfDiagnosis() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const next =
    d.answered < d.total ? "selfDiagnosis.next.unanswered" : d.gaps.length > 0 ? "selfDiagnosis.next.gaps" : "selfDiagnosis.next.ready";
  return (
    <>
      <OfPageHeader
        title={t("selfDiagnosis.title")}
        lead={t("selfDiagnosis.lead")}
        breadcrumb={[{ label: t("dossierPage.title"), to: "/organisme/dossier" }, { label: t("selfDiagnosis.title") }]}
      >
        <p className="m-0 text-sm text-ink-subtle">{t("selfDiagnosis.guidance")}</p>
        <p id="overall-score" className="m-0 font-bold">
          {t("selfDiagnosis.overall", { score: formatPercent(d.overall / 100, 0), answered: d.answered, total: d.total })}
        </p>
        <Progress label={t("selfDiagnosis.progressLabel")} value={d.answered} max={d.total} valueText={`${d.answered}/${d.total}`} />
        <div className="print:hidden">
          <Button variant="secondary" size="sm" onClick={() => window.print()}>
            {t("selfDiagnosis.print")}
          </Button>
        </div>
      </OfPageHeader>
      <FormNotice reply={reply} />
      <FormErrors errors={formErrors(reply)} />
      <Form method="post" className="mb-8 flex min-w-0 flex-col gap-6">
        {d.criteria.map((c) => (
          <fieldset key={c.number} className="m-0 min-w-0 rounded-md border border-line bg-white p-4 sm:p-6">
            <legend className="float-left mb-3 flex w-full flex-wrap items-center gap-x-3 gap-y-1 p-0">
              <span className="text-lg font-bold break-words text-ink">
                {t("dossierPage.criterion", { number: c.number })} — {c.title}
              </span>
              <span data-criterion-score={c.number}>
                <Badge tone={scoreTone(c.score)}>{t("selfDiagnosis.score", { score: formatPercent(c.score / 100, 0) })}</Badge>
              </span>
            </legend>
            <div className="clear-both flex flex-col">
              {c.indicators.map((i) => (
                <fieldset key={i.code} className="m-0 min-w-0 border-0 border-t border-line px-0 py-3 first:border-t-0">
                  <legend className="float-left mb-2 w-full p-0 break-words">
                    <strong>{i.code}</strong> {i.title} <span className="text-ink-muted">— {t("selfDiagnosis.question")}</span>
                  </legend>
                  <div className="clear-both flex flex-wrap gap-2">
                    {LEVELS.map((level) => (
                      <label
                        key={level}
                        className="inline-flex min-h-10 cursor-pointer items-center gap-2 rounded-md border border-border bg-white px-3 has-[:checked]:border-primary has-[:checked]:bg-primary-softer"
                      >
                        <input type="radio" name={`level-${i.code}`} value={level} defaultChecked={i.level === level} className="size-4" />
                        {t(`selfDiagnosis.level.${level}`)}
                      </label>
                    ))}
                  </div>
                </fieldset>
              ))}
            </div>
          </fieldset>
        ))}
        <div className="print:hidden">
          <Button type="submit">{t("selfDiagnosis.save")}</Button>
        </div>
      </Form>
      <div className="flex flex-col gap-6">
        <Card title={t("selfDiagnosis.gaps")} titleId="gaps-title">
          {d.answered === 0 ? (
            <p className="m-0 text-ink-muted">{t("selfDiagnosis.gapsNotYet")}</p>
          ) : d.gaps.length === 0 ? (
            <p className="m-0">{t("selfDiagnosis.noGaps")}</p>
          ) : (
            <ul id="gaps" className="m-0 flex list-none flex-col gap-2 p-0">
              {d.gaps.map((g) => (
                <li key={g.code} className="flex min-w-0 flex-wrap items-center gap-2 break-words">
                  <Link to={`/organisme/dossier/indicateur/${g.code}`}>
                    <strong>{g.code}</strong> {g.title}
                  </Link>
                  {g.level ? (
                    <Badge tone={LEVEL_TONE[g.level]}>{t(`selfDiagnosis.level.${g.level}`)}</Badge>
                  ) : (
                    <Badge tone="neutral">{t("selfDiagnosis.unanswered")}</Badge>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card
          title={t("selfDiagnosis.next.title")}
          titleId="next-title"
          className="border-l-4 border-l-info print:hidden"
          footer={<ButtonLink to="/organisme/dossier">{t("selfDiagnosis.next.action")}</ButtonLink>}
        >
          <p className="m-0">{t(next)}</p>
        </Card>
      </div>
    </>
  );
}
