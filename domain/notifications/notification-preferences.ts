import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { NOTIFICATION_KINDS, type NotificationKind } from "./notification-view";
import { DEFAULT_CHANNEL, type NotificationChannel } from "./notifications.schema";

export { DEFAULT_CHANNEL, type NotificationChannel };

/**
 * How each user hears of each kind of notification (issue 15.8, decision 047): the in-app row is
 * always written; "immediate" also mails it after the commit; "digest" marks the row pending for the
 * daily digest (server/jobs/daily-jobs.ts). Only choices that differ from the default are stored, so
 * a user who never chose keeps today's behaviour, and a new kind starts at its default.
 */
export type NotificationPreferences = Record<NotificationKind, NotificationChannel>;

/** Every kind's channel for one user (defaults filled in). */
export async function preferencesOf(db: Executor, userId: string): Promise<NotificationPreferences> {
  const rows = await db.selectFrom("notification_preferences").select(["kind", "channel"]).where("user_id", "=", userId).execute();
  const prefs = { ...DEFAULT_CHANNEL };
  for (const row of rows) if (row.kind in prefs) prefs[row.kind as NotificationKind] = row.channel;
  return prefs;
}

/** Saves one user's choices (a user's own: the caller passes the signed-in user's id). */
export async function savePreferences(db: Executor, userId: string, prefs: NotificationPreferences): Promise<void> {
  const differing = NOTIFICATION_KINDS.filter((kind) => prefs[kind] !== DEFAULT_CHANNEL[kind]);
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom("notification_preferences").where("user_id", "=", userId).execute();
    if (differing.length === 0) return;
    await trx
      .insertInto("notification_preferences")
      .values(differing.map((kind) => ({ user_id: userId, kind, channel: prefs[kind] })))
      .execute();
  });
}

/** The channel of `kind` for each of `userIds`. */
export async function channelsFor(
  db: Executor,
  userIds: readonly string[],
  kind: NotificationKind,
): Promise<Map<string, NotificationChannel>> {
  const channels = new Map<string, NotificationChannel>(userIds.map((id) => [id, DEFAULT_CHANNEL[kind]]));
  if (userIds.length === 0) return channels;
  const rows = await db
    .selectFrom("notification_preferences")
    .select(["user_id", "channel"])
    .where("kind", "=", kind)
    .where("user_id", "in", [...userIds])
    .execute();
  for (const row of rows) channels.set(row.user_id, row.channel);
  return channels;
}
