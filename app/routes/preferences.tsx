import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { notificationKindsFor } from "../../domain/notifications/notification-audience";
import { preferencesOf, savePreferences } from "../../domain/notifications/notification-preferences";
import {
  NOTIFICATION_CHANNELS,
  preferenceField,
  preferencesFormSchema,
  preferencesFromForm,
} from "../../domain/notifications/notifications.schema";
import { requireActor } from "../utils/auth.server";
import { replyDone, replyInvalid } from "../utils/form-reply.server";
import { t } from "../i18n";
import { FormErrors, FormNotice } from "../components/ui/field-error";
import { SelectField } from "../components/ui/form-fields";
import { PageHeader } from "../components/ui/page-header";
import { SubmitRow, useSchemaForm } from "../components/ui/schema-form";

/**
 * The signed-in user's notification preferences (issue 15.8, decision 047): per kind, in-app only, an
 * immediate e-mail or the daily digest. Every role has one; the action only ever saves the session
 * user's own choices (no user id is read from the request).
 */
export const meta: MetaFunction = () => [{ title: `${t("notifications.preferences.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireActor(request, context);
  const prefs = await preferencesOf(context.services.db, actor.userId);
  // Only the kinds that concern this person; the others keep their saved choice.
  const kinds = notificationKindsFor(actor);
  return { kinds, values: Object.fromEntries(kinds.map((kind) => [preferenceField(kind), prefs[kind]])) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(request, context);
  const kinds = notificationKindsFor(actor);
  const submission = parseWithZod(await request.formData(), { schema: preferencesFormSchema(kinds) });
  if (submission.status !== "success") return replyInvalid(submission);
  const saved = await preferencesOf(context.services.db, actor.userId);
  await savePreferences(context.services.db, actor.userId, preferencesFromForm(kinds, submission.value, saved));
  return replyDone(submission, { notice: { key: "notifications.preferences.saved" } });
}

const CHANNEL_OPTIONS = NOTIFICATION_CHANNELS.map((channel) => ({ value: channel, label: t(`notifications.channel.${channel}`) }));

export default function NotificationPreferencesPage() {
  const { kinds, values } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const schema = useMemo(() => preferencesFormSchema(kinds), [kinds]);
  const [form, fields] = useSchemaForm(schema, { id: "notification-preferences", reply, defaultValue: values });
  return (
    <>
      <PageHeader title={t("notifications.preferences.title")} lead={t("notifications.preferences.lead")}>
        <p className="m-0">
          <Link to="/notifications">{t("notifications.preferences.back")}</Link>
        </p>
      </PageHeader>
      <FormNotice reply={reply} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <fieldset className="form">
          <legend className="mb-2 p-0 text-lg font-bold text-ink">{t("notifications.preferences.legend")}</legend>
          {kinds.map((kind) => (
            <SelectField
              key={kind}
              meta={fields[preferenceField(kind)]!}
              label={t(`notifications.preferences.kind.${kind}`)}
              options={CHANNEL_OPTIONS}
            />
          ))}
        </fieldset>
        <SubmitRow label={t("notifications.preferences.submit")} />
      </Form>
    </>
  );
}
