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
import { redirectWithToast } from "../utils/flash-toast.server";
import { Alert } from "../components/ui/alert";
import { Badge } from "../components/ui/badge";
import { Button } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { ConfirmDialog } from "../components/ui/dialog";
import { DataTable } from "../components/ui/table";
import { EmptyState } from "../components/ui/empty-state";
import { Field, Input } from "../components/ui/field";
import { Select } from "../components/ui/select";

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
        return redirectWithToast(context, "/financeur/api", { kind: "success", messageKey: "apiKeys.revoked" });
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
        return redirectWithToast(context, "/financeur/api", { kind: "success", messageKey: "webhooks.disabledDone" });
    }
  } catch (error) {
    return replyRefused(submission, error);
  }
}

export default function ApiSettings() {
  const { keys, webhooks } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const secret = reply && "notice" in reply && typeof reply.notice?.params?.secret === "string" ? reply.notice.params.secret : null;
  const webhookSecret = secret !== null && reply && "notice" in reply && reply.notice?.key === "webhooks.created";
  return (
    <div className="flex flex-col gap-8">
      <header>
        <h1 className="m-0 text-3xl font-bold text-ink">{t("apiKeys.title")}</h1>
        <p className="mt-2 mb-0 max-w-prose text-lg text-ink-muted">
          {t("apiKeys.lead")}{" "}
          <a href="/api/v1/openapi.json" className="underline">
            OpenAPI 3.1
          </a>
        </p>
      </header>
      {secret ? (
        <Alert tone="success" title={t(webhookSecret ? "webhooks.created.title" : "apiKeys.created")}>
          {t(webhookSecret ? "webhooks.showOnce" : "apiKeys.showOnce")} <code className="break-all">{secret}</code>
        </Alert>
      ) : (
        <ReplyMessages reply={reply} />
      )}
      <Card title={t("apiKeys.keys")} titleId="keys-title">
        <Form method="post" aria-labelledby="keys-title" className="grid grid-cols-1 items-end gap-x-4 sm:grid-cols-[1fr_1fr_auto]">
          <input type="hidden" name="intent" value="create-key" />
          <Field id="key-name" label={t("apiKeys.name")} required>
            {(control) => <Input {...control} name="name" required maxLength={100} />}
          </Field>
          <Field id="key-scope" label={t("apiKeys.scope")}>
            {(control) => (
              <Select
                {...control}
                name="scope"
                defaultValue="read"
                options={SCOPES.map((s) => ({ value: s, label: t(`apiKeys.scope.${s}`) }))}
              />
            )}
          </Field>
          <div className="mb-6">
            <Button type="submit">{t("apiKeys.create")}</Button>
          </div>
        </Form>
        <DataTable
          caption={t("apiKeys.keys")}
          captionHidden
          layout="cards"
          rows={keys}
          rowKey={(k) => k.id}
          empty={<EmptyState title={t("apiKeys.empty")} />}
          columns={[
            { header: t("apiKeys.name"), rowHeader: true, cell: (k) => k.name },
            { header: t("apiKeys.prefix"), cell: (k) => <code>dd_{k.prefix}_…</code> },
            { header: t("apiKeys.scope"), cell: (k) => t(`apiKeys.scope.${k.scope}`) },
            { header: t("apiKeys.lastUsed"), cell: (k) => formatDateTime(k.lastUsedAt) },
            {
              header: t("apiKeys.state"),
              cell: (k) =>
                k.revokedAt ? (
                  t("apiKeys.revokedOn", { date: formatDateTime(k.revokedAt) })
                ) : (
                  <ConfirmDialog
                    trigger={
                      <Button variant="danger" size="sm">
                        {t("apiKeys.revoke")}
                        <span className="sr-only"> {k.name}</span>
                      </Button>
                    }
                    title={t("apiKeys.revokeTitle", { name: k.name })}
                    description={t("apiKeys.revokeText")}
                    confirmLabel={t("apiKeys.revoke")}
                    fields={{ intent: "revoke-key", keyId: k.id }}
                  />
                ),
            },
          ]}
        />
      </Card>
      <Card title={t("webhooks.title")} titleId="hooks-title">
        <Form method="post" aria-labelledby="hooks-title" className="flex flex-col">
          <input type="hidden" name="intent" value="create-webhook" />
          <Field id="hook-url" label={t("webhooks.url")} required>
            {(control) => <Input {...control} name="url" type="url" required />}
          </Field>
          <fieldset className="mb-6 min-w-0 border-0 p-0">
            <legend className="mb-2 font-medium">{t("webhooks.events")}</legend>
            <div className="flex flex-col gap-2">
              {WEBHOOK_EVENTS.map((e) => (
                <label key={e} className="flex items-center gap-2 break-all">
                  <input type="checkbox" name="events" value={e} defaultChecked className="h-5 w-5 shrink-0" /> <code>{e}</code>
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <Button type="submit">{t("webhooks.create")}</Button>
          </div>
        </Form>
        {webhooks.hooks.length === 0 ? (
          <p className="mt-6 mb-0 text-ink-muted">{t("webhooks.empty")}</p>
        ) : (
          <ul className="mt-6 mb-0 flex list-none flex-col gap-3 p-0">
            {webhooks.hooks.map((h) => (
              <li key={h.id} className="flex flex-col gap-2 rounded-md border border-line p-3">
                <code className="break-all">{h.url}</code>
                <span className="text-sm break-all text-ink-muted">{h.events.join(", ")}</span>
                {h.disabledAt ? (
                  <span>
                    <Badge>{t("webhooks.disabled")}</Badge>
                  </span>
                ) : (
                  <div>
                    <ConfirmDialog
                      trigger={
                        <Button variant="danger" size="sm">
                          {t("webhooks.disable")}
                          <span className="sr-only"> {h.url}</span>
                        </Button>
                      }
                      title={t("webhooks.disableTitle")}
                      description={t("webhooks.disableText", { url: h.url })}
                      confirmLabel={t("webhooks.disable")}
                      fields={{ intent: "disable-webhook", webhookId: h.id }}
                    />
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        <h3 className="mt-6 mb-2 text-lg font-bold">{t("webhooks.log")}</h3>
        <DataTable
          caption={t("webhooks.log")}
          captionHidden
          layout="cards"
          rows={webhooks.deliveries}
          rowKey={(d) => d.id}
          empty={<p className="m-0 text-ink-muted">{t("webhooks.noDelivery")}</p>}
          columns={[
            { header: t("catalogue.date"), cell: (d) => formatDateTime(d.createdAt) },
            { header: t("webhooks.event"), rowHeader: true, cell: (d) => <code className="break-all">{d.event}</code> },
            { header: t("apiKeys.state"), cell: (d) => t(`webhooks.status.${d.status}`) },
            { header: t("webhooks.attempts"), cell: (d) => d.attempts },
            {
              header: t("webhooks.lastResult"),
              cell: (d) => (d.attempts === 0 ? "—" : t(d.status === "delivered" ? "webhooks.result.delivered" : "webhooks.result.failed")),
            },
          ]}
        />
      </Card>
    </div>
  );
}
