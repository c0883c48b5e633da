import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { createApiKey, listApiKeys, revokeApiKey, SCOPES } from "../../domain/api-keys/api-keys.service";
import { disableWebhook, listWebhooks, registerWebhook, WEBHOOK_EVENTS } from "../../domain/webhooks/webhooks.service";
import { funderIdOf } from "../../domain/permissions/actor-side";
import { parseWithZod } from "@conform-to/zod/v4";
import { apiSettingsFormSchema } from "../../domain/api-keys/api-settings.schema";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";
import { ReplyMessages } from "../components/ui/field-error";
import { canManageApiKeys } from "../../domain/permissions/policy";
import { requirePermission } from "../utils/auth.server";
import { httpError } from "../utils/http-errors.server";
import { t } from "../i18n";
import { formatDateTime } from "../../domain/i18n/format";

export const meta: MetaFunction = () => [{ title: `${t("apiKeys.title")} — ${t("app.name")}` }];

/** API keys and webhooks of the admin's own funder. */
function requireFunderAdmin(request: Request, context: LoaderFunctionArgs["context"]) {
  const actor = requirePermission(request, context, (a) => {
    const id = funderIdOf(a);
    return id !== null && canManageApiKeys(a, id);
  });
  return { actor, funderId: funderIdOf(actor)! };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor, funderId } = requireFunderAdmin(request, context);
  const db = context.services.db;
  const [keys, webhooks] = await Promise.all([listApiKeys(db, actor, funderId), listWebhooks(db, actor, funderId)]);
  return { keys, webhooks };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, funderId } = requireFunderAdmin(request, context);
  const db = context.services.db;
  const submission = parseWithZod(await request.formData(), { schema: apiSettingsFormSchema });
  if (submission.status !== "success") {
    if (!["create-key", "revoke-key", "create-webhook", "disable-webhook"].includes(String(submission.payload.intent)))
      throw httpError(400);
    return replyInvalid(submission);
  }
  const input = submission.value;
  try {
    switch (input.intent) {
      case "create-key": {
        const key = await createApiKey(db, actor, { funderId, name: input.name, scope: input.scope });
        // The secret is shown once, in this reply, and never stored in clear.
        return replyDone(submission, { notice: { key: "apiKeys.created", params: { secret: key.key } } });
      }
      case "revoke-key":
        await revokeApiKey(db, actor, funderId, input.keyId);
        return replyDone(submission, { notice: { key: "apiKeys.revoked" } });
      case "create-webhook": {
        const webhook = await registerWebhook(
          db,
          actor,
          { funderId, url: input.url, events: input.events },
          { allowedHosts: context.services.config.webhookAllowedHosts },
        );
        return replyDone(submission, { notice: { key: "webhooks.created", params: { secret: webhook.secret } } });
      }
      case "disable-webhook":
        await disableWebhook(db, actor, funderId, input.webhookId);
        return replyDone(submission, { notice: { key: "webhooks.disabled" } });
    }
  } catch (error) {
    return replyRefused(submission, error);
  }
}

export default function ApiSettings() {
  const { keys, webhooks } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <section className="page-header">
        <h1>{t("apiKeys.title")}</h1>
        <p>
          {t("apiKeys.lead")} <a href="/api/v1/openapi.json">OpenAPI 3.1</a>
        </p>
      </section>
      <ReplyMessages reply={reply} />
      {typeof reply?.notice?.params?.secret === "string" ? (
        <p className="alert alert--success">
          {t("apiKeys.showOnce")} <code className="secret">{reply.notice.params.secret}</code>
        </p>
      ) : null}
      <h2>{t("apiKeys.keys")}</h2>
      <Form method="post" className="form-row">
        <input type="hidden" name="intent" value="create-key" />
        <div className="field">
          <label htmlFor="key-name">{t("apiKeys.name")}</label>
          <input id="key-name" name="name" required maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="key-scope">{t("apiKeys.scope")}</label>
          <select id="key-scope" name="scope" defaultValue="read">
            {SCOPES.map((s) => (
              <option key={s} value={s}>
                {t(`apiKeys.scope.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("apiKeys.create")}
        </button>
      </Form>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("apiKeys.name")}</th>
            <th scope="col">{t("apiKeys.prefix")}</th>
            <th scope="col">{t("apiKeys.scope")}</th>
            <th scope="col">{t("apiKeys.lastUsed")}</th>
            <th scope="col">{t("apiKeys.state")}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>
                <code>dd_{k.prefix}_…</code>
              </td>
              <td>{t(`apiKeys.scope.${k.scope}`)}</td>
              <td>{formatDateTime(k.lastUsedAt)}</td>
              <td>
                {k.revokedAt ? (
                  t("apiKeys.revokedOn", { date: formatDateTime(k.revokedAt) })
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke-key" />
                    <input type="hidden" name="keyId" value={k.id} />
                    <button type="submit" className="button button--small button--danger">
                      {t("apiKeys.revoke")}
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("webhooks.title")}</h2>
      <Form method="post" className="form-row">
        <input type="hidden" name="intent" value="create-webhook" />
        <div className="field">
          <label htmlFor="hook-url">{t("webhooks.url")}</label>
          <input id="hook-url" name="url" type="url" required />
        </div>
        <fieldset>
          <legend>{t("webhooks.events")}</legend>
          {WEBHOOK_EVENTS.map((e) => (
            <label key={e} className="review__choice">
              <input type="checkbox" name="events" value={e} defaultChecked /> {e}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button">
          {t("webhooks.create")}
        </button>
      </Form>
      <ul className="space-list">
        {webhooks.hooks.map((h) => (
          <li key={h.id}>
            <code>{h.url}</code> · {h.events.join(", ")} · {h.disabledAt ? t("webhooks.disabled") : null}
            {!h.disabledAt ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="disable-webhook" />
                <input type="hidden" name="webhookId" value={h.id} />
                <button type="submit" className="button button--small button--danger">
                  {t("webhooks.disable")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <h3>{t("webhooks.log")}</h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("catalogue.date")}</th>
            <th scope="col">{t("webhooks.event")}</th>
            <th scope="col">{t("apiKeys.state")}</th>
            <th scope="col">{t("webhooks.attempts")}</th>
            <th scope="col">{t("webhooks.lastResult")}</th>
          </tr>
        </thead>
        <tbody>
          {webhooks.deliveries.map((d) => (
            <tr key={d.id}>
              <td>{formatDateTime(d.createdAt)}</td>
              <td>{d.event}</td>
              <td>{t(`webhooks.status.${d.status}`)}</td>
              <td>{d.attempts}</td>
              <td>{d.attempts === 0 ? "—" : t(d.status === "delivered" ? "webhooks.result.delivered" : "webhooks.result.failed")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
