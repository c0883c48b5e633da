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
import { requireUuid } from "../utils/uuid.server";
import { field, formAction } from "../utils/form-actions.server";
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
  const form = await request.formData();
  const ok = () => ({ ok: true, messageKey: "space.saved" });
  switch (field(form, "intent")) {
    case "wording":
      return formAction(() => editIndicatorWording(db, actor, requireUuid(field(form, "indicatorId")), field(form, "title")), ok);
    case "verified":
      return formAction(() => markIndicatorVerified(db, actor, requireUuid(field(form, "indicatorId")), field(form, "verified") === "true"), ok);
    case "draft": {
      const reply = await formAction(() => createDraftFrom(db, actor, versionId), (d) => ({ ok: true, id: d.id }));
      return reply.ok ? redirect(`/coordination/referentiels/${reply.id as string}`) : reply;
    }
    case "publish":
      return formAction(() => publishVersion(db, actor, versionId), ok);
    default:
      throw httpError(400);
  }
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
      {reply && "ok" in reply ? (
        <div className={`alert ${reply.ok ? "alert--success" : "alert--error"}`} role={reply.ok ? "status" : "alert"}>
          {t(Object.values(reply.fieldErrors ?? {})[0]?.[0] ?? reply.messageKey ?? "errors.validation")}
        </div>
      ) : null}
      {criteria.map((c) => (
        <section key={c.id} className="criterion">
          <h2>{t("referentiel.criterion", { number: c.number })} — {c.title}</h2>
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
                  <p>{i.verified ? <span className="badge badge--success">{t("referentiels.verified")}</span> : <span className="badge badge--warning">{t("referentiels.unverified")}</span>}</p>
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
