import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { findNotification, markRead } from "../../domain/notifications/notifications.service";
import { notificationPath } from "../../domain/notifications/notification-view";
import { requireActor } from "../utils/auth.server";
import { httpError } from "../utils/http-errors.server";
import { notificationSide } from "../utils/notification-side.server";

/** Opening a notification: it is marked read, then the user lands on the exact place it is about. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = requireActor(request, context);
  const notification = await findNotification(context.services.db, actor.userId, params.id ?? "");
  if (!notification) throw httpError(404);
  await markRead(context.services.db, actor.userId, notification.id);
  return redirect(notificationPath(notification.kind, notification.payload, notificationSide(actor)));
}

/** Never shown (the loader redirects); a page route, so an unknown id gets the French 404 page. */
export default function OpenNotification() {
  return null;
}
