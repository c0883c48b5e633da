import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { listNotifications, markRead } from "../../domain/notifications/notifications.service";
import { describeNotification, groupNotificationsByDay, notificationPath } from "../../domain/notifications/notification-view";
import { requireActor } from "../utils/auth.server";
import { formatShortTime, tp } from "../../domain/i18n/format";
import { parseWithZod } from "@conform-to/zod/v4";
import { markReadFormSchema } from "../../domain/notifications/notifications.schema";
import { replyDone, replyInvalid } from "../utils/form-reply.server";
import { notificationSide } from "../utils/notification-side.server";
import { t } from "../i18n";

export const meta: MetaFunction = () => [{ title: `${t("notifications.title")} — ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireActor(request, context);
  const side = notificationSide(actor);
  const items = (await listNotifications(context.services.db, actor.userId)).map((n) => ({
    id: n.id,
    read: n.read,
    createdAt: n.createdAt,
    text: describeNotification(n.kind, n.payload),
    // The exact place, for the record; the link goes through /notifications/:id, which marks it read.
    target: notificationPath(n.kind, n.payload, side),
  }));
  // Grouped on the server: "Aujourd'hui" / "Hier" are the server's (Paris) days, so the browser renders the same.
  return { groups: groupNotificationsByDay(items), unread: items.filter((n) => !n.read).length };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(request, context);
  const submission = parseWithZod(await request.formData(), { schema: markReadFormSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  await markRead(context.services.db, actor.userId, submission.value.id || undefined);
  return replyDone(submission);
}

export default function Notifications() {
  const { groups, unread } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="page-header">
        <h1>{t("notifications.title")}</h1>
        <p>{tp("notifications.unreadCount", unread)}</p>
        {unread > 0 ? (
          <Form method="post">
            <button type="submit" className="button button--secondary button--small">
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </section>
      {groups.length === 0 ? <p className="muted">{t("notifications.empty")}</p> : null}
      <div id="notifications">
        {groups.map((group) => (
          <section key={group.day} aria-labelledby={`notifications-${group.day}`}>
            <h2 id={`notifications-${group.day}`}>{group.label}</h2>
            <ul className="ofj-notifications">
              {group.items.map((n) => (
                <li key={n.id} data-read={n.read ? "true" : "false"} className={n.read ? "" : "ofj-notifications__unread"}>
                  <a href={`/notifications/${n.id}`} data-target={n.target}>
                    {n.read ? (
                      n.text
                    ) : (
                      <>
                        <span className="badge badge--warning">{t("notifications.unread")}</span> {n.text}
                      </>
                    )}
                  </a>{" "}
                  <time dateTime={n.createdAt} className="muted">
                    {formatShortTime(n.createdAt)}
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
          </section>
        ))}
      </div>
    </>
  );
}
