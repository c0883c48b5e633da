import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  createDraftFrom,
  editIndicatorWording,
  markIndicatorVerified,
  publishVersion,
  versionDetail,
} from "../../domain/referentiels/referentiel-editing.service";
import { canManageReferentiels } from "../../domain/permissions/policy";
import { requirePermission } from "../utils/auth.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { referentielVersionFormSchema } from "../../domain/referentiels/referentiel-editing.schema";
import { requireUuid } from "../utils/uuid.server";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { ReplyMessages } from "../components/ui/field-error";
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
    if (!["wording", "verified", "draft", "publish"].includes(String(submission.payload.intent))) throw httpError(400);
    return replyInvalid(submission);
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
    }
  } catch (error) {
    return replyRefused(submission, error);
  }
  return replyDone(submission, { notice: { key: "space.saved" } });
}

export default function ReferentielVersion() {
  const { version, criteria, indicators, editable } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
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
      <ReplyMessages reply={reply} />
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
              </div>
            ))}
        </section>
      ))}
    </>
  );
}
