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
import { Badge } from "../components/ui/badge";
import { Button } from "../components/ui/button";
import { cx } from "../components/ui/class-names";
import { EmptyState } from "../components/ui/empty-state";
import { PageHeader } from "../components/ui/page-header";

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
      <PageHeader
        title={t("notifications.title")}
        lead={t("notifications.lead")}
        actions={
          unread > 0 ? (
            <Form method="post">
              <input type="hidden" name="id" value="" />
              <Button type="submit" variant="secondary" size="sm">
                {t("notifications.markAllRead")}
              </Button>
            </Form>
          ) : null
        }
      >
        <p className="m-0 flex flex-wrap items-center gap-3">
          <Badge tone={unread > 0 ? "primary" : "neutral"}>{tp("notifications.unreadCount", unread)}</Badge>
          <a href="/preferences">{t("notifications.preferences.link")}</a>
        </p>
      </PageHeader>
      {groups.length === 0 ? <EmptyState title={t("notifications.empty")}>{t("notifications.emptyHint")}</EmptyState> : null}
      <div id="notifications" className="flex flex-col gap-6">
        {groups.map((group) => (
          <section key={group.day} aria-labelledby={`notifications-${group.day}`}>
            <h2 id={`notifications-${group.day}`} className="mb-2 text-lg font-bold">
              {group.label}
            </h2>
            <ul className="m-0 list-none divide-y divide-line rounded-md border border-line bg-white p-0">
              {group.items.map((n) => (
                <li
                  key={n.id}
                  data-read={n.read ? "true" : "false"}
                  className={cx(
                    "flex flex-col gap-2 border-l-4 px-4 py-3 sm:flex-row sm:items-start sm:justify-between sm:gap-4",
                    n.read ? "border-l-transparent" : "border-l-primary bg-primary-softer",
                  )}
                >
                  <a
                    href={`/notifications/${n.id}`}
                    data-target={n.target}
                    className={cx("min-w-0 break-words", n.read ? "text-ink" : "font-semibold")}
                  >
                    {n.read ? (
                      n.text
                    ) : (
                      <>
                        <span className="sr-only">{t("notifications.unread")} : </span>
                        <span
                          aria-hidden="true"
                          className="mr-2 inline-block rounded-full bg-primary px-2 text-xs font-bold text-white no-underline"
                        >
                          {t("notifications.unread")}
                        </span>
                        {n.text}
                      </>
                    )}
                  </a>
                  <div className="flex shrink-0 flex-wrap items-center gap-3 text-sm">
                    <time dateTime={n.createdAt} className="text-ink-muted">
                      {formatShortTime(n.createdAt)}
                    </time>
                    {!n.read ? (
                      <Form method="post">
                        <input type="hidden" name="id" value={n.id} />
                        <Button type="submit" variant="tertiary" size="sm">
                          {t("notifications.markRead")}
                        </Button>
                      </Form>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </>
  );
}
