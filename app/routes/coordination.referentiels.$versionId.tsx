import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  createDraftFrom,
  editIndicatorWording,
  markIndicatorVerified,
  publishVersion,
  setEvidenceExamples,
  setFormRules,
  versionDetail,
} from "../../domain/referentiels/referentiel-editing.service";
import { canManageReferentiels } from "../../domain/permissions/policy";
import { requirePermission } from "../utils/auth.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { referentielVersionFormSchema } from "../../domain/referentiels/referentiel-editing.schema";
import { requireUuid } from "../utils/uuid.server";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { FieldError, fieldErrors, FormNotice, ReplyMessages, replyFor } from "../components/ui/field-error";
import { httpError, toHttpError } from "../utils/http-errors.server";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("nav.referentiels")} — ${t("app.name")}` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requirePermission(request, context, canManageReferentiels);
  return versionDetail(context.services.db, requireUuid(params.versionId)).catch(toHttpError);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requirePermission(request, context, canManageReferentiels);
  const versionId = requireUuid(params.versionId);
  const db = context.services.db;
  const submission = parseWithZod(await request.formData(), { schema: referentielVersionFormSchema });
  if (submission.status !== "success") {
    const intent = String(submission.payload.intent);
    if (!["wording", "verified", "draft", "publish", "rules", "examples"].includes(intent)) throw httpError(400);
    return replyInvalid(submission, { form: intent === "examples" ? `examples-${String(submission.payload.indicatorId)}` : intent });
  }
  const input = submission.value;
  try {
    switch (input.intent) {
      case "wording":
        await editIndicatorWording(db, actor, input.indicatorId, input.title);
        break;
      case "verified":
        await markIndicatorVerified(db, actor, input.indicatorId, input.verified);
        break;
      case "draft": {
        const draft = await createDraftFrom(db, actor, versionId);
        return redirect(`/coordination/referentiels/${draft.id}`);
      }
      case "publish":
        await publishVersion(db, actor, versionId);
        break;
      case "rules":
        await setFormRules(db, actor, versionId, {
          descriptionMaxChars: input.descriptionMaxChars,
          evidenceMaxPerIndicator: input.evidenceMaxPerIndicator,
        });
        return replyDone(submission, { form: "rules", notice: { key: "space.saved" } });
      case "examples":
        await setEvidenceExamples(db, actor, versionId, input.indicatorId, input.examples);
        return replyDone(submission, { form: `examples-${input.indicatorId}`, notice: { key: "space.saved" } });
    }
  } catch (error) {
    const form = input.intent === "examples" ? `examples-${input.indicatorId}` : input.intent;
    return replyRefused(submission, error, { form });
  }
  return replyDone(submission, { notice: { key: "space.saved" } });
}

export default function ReferentielVersion() {
  const { version, criteria, indicators, editable } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const rulesReply = replyFor(reply, "rules");
  return (
    <>
      <p>
        <Link to="/coordination/referentiels">← {t("nav.referentiels")}</Link>
      </p>
      <section className="page-header">
        <h1>
          {t("referentiels.version")} {version.version} — {t(`referentiels.status.${version.status}`)}
        </h1>
        <p>{editable ? t("referentiels.editable") : t("referentiels.frozen")}</p>
        <div className="exam-actions">
          <Form method="post">
            <input type="hidden" name="intent" value="draft" />
            <button type="submit" className="button button--secondary">
              {t("referentiels.newVersion")}
            </button>
          </Form>
          {version.status === "draft" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="publish" />
              <button type="submit" className="button">
                {t("referentiels.publish")}
              </button>
            </Form>
          ) : null}
        </div>
      </section>
      <ReplyMessages reply={reply && reply.form !== "rules" && !reply.form.startsWith("examples-") ? reply : undefined} />
      <section className="card" aria-labelledby="rules-title">
        <h2 id="rules-title">{t("referentiels.rules.title")}</h2>
        <p className="muted">{t("referentiels.rules.lead")}</p>
        <FormNotice reply={rulesReply} />
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="rules" />
          <div className="field">
            <label htmlFor="descriptionMaxChars">{t("referentiels.rules.descriptionMax")}</label>
            <input
              id="descriptionMaxChars"
              name="descriptionMaxChars"
              type="number"
              min={1}
              max={50000}
              required
              defaultValue={version.description_max_chars}
              aria-invalid={fieldErrors(rulesReply, "descriptionMaxChars") ? true : undefined}
              aria-describedby="descriptionMaxChars-error"
            />
            <FieldError id="descriptionMaxChars-error" errors={fieldErrors(rulesReply, "descriptionMaxChars")} />
          </div>
          <div className="field">
            <label htmlFor="evidenceMaxPerIndicator">{t("referentiels.rules.evidenceMax")}</label>
            <input
              id="evidenceMaxPerIndicator"
              name="evidenceMaxPerIndicator"
              type="number"
              min={1}
              max={100}
              required
              defaultValue={version.evidence_max_per_indicator}
              aria-invalid={fieldErrors(rulesReply, "evidenceMaxPerIndicator") ? true : undefined}
              aria-describedby="evidenceMaxPerIndicator-error"
            />
            <FieldError id="evidenceMaxPerIndicator-error" errors={fieldErrors(rulesReply, "evidenceMaxPerIndicator")} />
          </div>
          <button type="submit" className="button button--small">
            {t("common.save")}
          </button>
        </Form>
      </section>
      {criteria.map((c) => (
        <section key={c.id} className="criterion">
          <h2>
            {t("referentiel.criterion", { number: c.number })} — {c.title}
          </h2>
          {indicators
            .filter((i) => i.criterion_id === c.id)
            .map((i) => (
              <div key={i.id} className="review">
                <Form method="post" className="review__answer">
                  <input type="hidden" name="intent" value="wording" />
                  <input type="hidden" name="indicatorId" value={i.id} />
                  <div className="field">
                    <label htmlFor={`title-${i.id}`}>{i.code}</label>
                    <textarea id={`title-${i.id}`} name="title" rows={2} defaultValue={i.title} readOnly={!editable} />
                  </div>
                  {editable ? (
                    <button type="submit" className="button button--small">
                      {t("common.save")}
                    </button>
                  ) : null}
                </Form>
                <Form method="post" className="review__decision">
                  <input type="hidden" name="intent" value="verified" />
                  <input type="hidden" name="indicatorId" value={i.id} />
                  <input type="hidden" name="verified" value={i.verified ? "false" : "true"} />
                  <p>
                    {i.verified ? (
                      <span className="badge badge--success">{t("referentiels.verified")}</span>
                    ) : (
                      <span className="badge badge--warning">{t("referentiels.unverified")}</span>
                    )}
                  </p>
                  <button type="submit" className="button button--small button--secondary">
                    {i.verified ? t("referentiels.markUnverified") : t("referentiels.markVerified")}
                  </button>
                </Form>
                <Form method="post" className="form">
                  <input type="hidden" name="intent" value="examples" />
                  <input type="hidden" name="indicatorId" value={i.id} />
                  <FormNotice reply={replyFor(reply, `examples-${i.id}`)} />
                  <div className="field">
                    <label htmlFor={`examples-${i.id}`}>{t("referentiels.rules.examples", { code: i.code })}</label>
                    <textarea
                      id={`examples-${i.id}`}
                      name="examples"
                      rows={3}
                      maxLength={2000}
                      defaultValue={i.evidence_examples}
                      aria-invalid={fieldErrors(replyFor(reply, `examples-${i.id}`), "examples") ? true : undefined}
                      aria-describedby={`examples-${i.id}-error`}
                    />
                    <FieldError id={`examples-${i.id}-error`} errors={fieldErrors(replyFor(reply, `examples-${i.id}`), "examples")} />
                  </div>
                  <button type="submit" className="button button--small button--secondary">
                    {t("referentiels.rules.examplesSave")}
                  </button>
                </Form>
              </div>
            ))}
        </section>
      ))}
    </>
  );
}
