import { z } from "zod";
import { formText } from "../forms/form-text";
import { NOTIFICATION_KINDS, type NotificationKind } from "./notification-view";

/** Mark one notification read (its id), or all of them (no id). markRead ignores an id that is not one. */
export const markReadFormSchema = z.object({ id: formText });

/** How a user hears of a kind (decision 047): in-app only, an immediate e-mail, or the daily digest. */
export const NOTIFICATION_CHANNELS = ["in_app", "immediate", "digest"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Today's behaviour: thread messages and mentions are in-app only, everything else is mailed at once. */
export const DEFAULT_CHANNEL: Readonly<Record<NotificationKind, NotificationChannel>> = Object.fromEntries(
  NOTIFICATION_KINDS.map((kind) => [kind, kind === "message.posted" || kind === "mention" ? "in_app" : "immediate"]),
) as Record<NotificationKind, NotificationChannel>;

/** The form field of a kind (conform reads dots in a name as nesting). */
export function preferenceField(kind: NotificationKind): string {
  return kind.replaceAll(".", "_");
}

const channel = z.enum(NOTIFICATION_CHANNELS, { error: "notifications.preferences.invalidChannel" });

/** One channel per kind offered (the kinds that concern the person: notification-audience.ts), every one required. */
export function preferencesFormSchema(kinds: readonly NotificationKind[]) {
  return z.object(Object.fromEntries(kinds.map((kind) => [preferenceField(kind), channel])) as Record<string, typeof channel>);
}

/** The person's choices: those of the form for the kinds it offered, the saved ones for the others. */
export function preferencesFromForm(
  kinds: readonly NotificationKind[],
  value: Record<string, NotificationChannel>,
  saved: Readonly<Record<NotificationKind, NotificationChannel>>,
): Record<NotificationKind, NotificationChannel> {
  const offered = new Set(kinds);
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, offered.has(kind) ? value[preferenceField(kind)]! : saved[kind]]),
  ) as Record<NotificationKind, NotificationChannel>;
}
