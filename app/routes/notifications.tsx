import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { describeNotification, listNotifications, markRead } from "../../domain/notifications/notifications.service";
import { requireActor } from "../utils/auth.server";
import { formatDateTime } from "../../domain/i18n/format";
import { parseWithZod } from "@conform-to/zod/v4";
import { markReadFormSchema } from "../../domain/notifications/notifications.schema";
import { replyDone, replyInvalid } from "../utils/form-reply.server";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("notifications.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireActor(request, context);
  const items = await listNotifications(context.services.db, actor.userId);
  return { items: items.map((n) => ({ ...n, text: describeNotification(n.kind, n.payload) })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(request, context);
  const submission = parseWithZod(await request.formData(), { schema: markReadFormSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  await markRead(context.services.db, actor.userId, submission.value.id || undefined);
  return replyDone(submission);
}

export default function Notifications() {
  const { items } = useLoaderData<typeof loader>();
  const unread = items.filter((n) => !n.read).length;
  return (
    <>
      <section className="page-header">
        <h1>{t("notifications.title")}</h1>
        <p>{t("notifications.unreadCount", { count: unread })}</p>
        {unread > 0 ? (
          <Form method="post">
            <button type="submit" className="button button--secondary button--small">
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </section>
      {items.length === 0 ? <p className="muted">{t("notifications.empty")}</p> : null}
      <ul className="ofj-notifications" id="notifications">
        {items.map((n) => (
          <li key={n.id} data-read={n.read ? "true" : "false"} className={n.read ? "" : "ofj-notifications__unread"}>
            <span>
              {!n.read ? <span className="badge badge--warning">{t("notifications.unread")}</span> : null} {n.text}
            </span>
            <time dateTime={n.createdAt} className="muted">
              {formatDateTime(n.createdAt)}
            </time>
            {!n.read ? (
              <Form method="post">
                <input type="hidden" name="id" value={n.id} />
                <button type="submit" className="link-button">
                  {t("notifications.markRead")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
