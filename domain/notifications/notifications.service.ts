import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { Mailer } from "../mail/mailer";
import { translate, type MessageKey } from "../i18n/translate";
import { describeNotification, type NotificationKind } from "./notification-view";
import { channelsFor } from "./notification-preferences";

/**
 * In-app notifications (one row per recipient) and their emails: the one module that writes, reads
 * and mails them. Reads are always scoped by the recipient's user id: a notification id from
 * someone else finds nothing.
 */
export type { NotificationKind };
export { describeNotification };

export interface NotificationView {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: string;
  read: boolean;
}

/** The active (not disabled) members of an organisation: who its notifications go to. */
async function activeMembers(db: Executor, organisationId: string): Promise<Array<{ id: string; email: string }>> {
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.email"])
    .where("memberships.organisation_id", "=", organisationId)
    .where("users.disabled_at", "is", null)
    .execute();
}

export async function memberUserIds(db: Executor, organisationId: string): Promise<string[]> {
  return (await activeMembers(db, organisationId)).map((r) => r.id);
}

/** Writes one row per recipient; a recipient who set `kind` to "digest" gets it pending for the daily digest. */
export async function notifyUsers(db: Executor, userIds: readonly string[], kind: NotificationKind, payload: Record<string, unknown>) {
  if (userIds.length === 0) return;
  const channels = await channelsFor(db, userIds, kind);
  await db
    .insertInto("notifications")
    .values(
      userIds.map((user_id) => ({
        user_id,
        kind,
        payload: JSON.stringify(payload),
        digest: channels.get(user_id) === "digest" ? ("pending" as const) : null,
      })),
    )
    .execute();
}

/** Those of `userIds` who want `kind` mailed at once. */
async function immediateRecipients(db: Executor, userIds: readonly string[], kind: NotificationKind): Promise<string[]> {
  const channels = await channelsFor(db, userIds, kind);
  return userIds.filter((id) => channels.get(id) === "immediate");
}

export async function listNotifications(db: Executor, userId: string, limit = 100): Promise<NotificationView[]> {
  const rows = await db
    .selectFrom("notifications")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map(toView);
}

function toView(r: {
  id: string | number;
  kind: string;
  payload: unknown;
  created_at: Date | string;
  read_at: Date | string | null;
}): NotificationView {
  return {
    id: String(r.id),
    kind: r.kind,
    payload: (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    createdAt: new Date(r.created_at).toISOString(),
    read: r.read_at !== null,
  };
}

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select(sql<string>`count(*)`.as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One notification of the user (null for an id that is not one of theirs). */
export async function findNotification(db: Executor, userId: string, notificationId: string): Promise<NotificationView | null> {
  if (!/^\d{1,18}$/.test(notificationId)) return null;
  const row = await db
    .selectFrom("notifications")
    .selectAll()
    .where("user_id", "=", userId)
    .where("id", "=", notificationId)
    .executeTakeFirst();
  return row ? toView(row) : null;
}

/** Marks one (or, without id, every) notification of the user read. Returns how many changed. */
export async function markRead(db: Executor, userId: string, notificationId?: string): Promise<number> {
  let query = db
    .updateTable("notifications")
    .set({ read_at: sql`now()` })
    .where("user_id", "=", userId)
    .where("read_at", "is", null);
  if (notificationId !== undefined) {
    // A bigint id: at most 18 digits always fits (99999999999999999999 would overflow in SQL).
    if (!/^\d{1,18}$/.test(notificationId)) return 0;
    query = query.where("id", "=", notificationId);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Emails each recipient who wants `kind` mailed at once (best effort: a mail failure never undoes the action). */
export async function emailUsers(
  db: Executor,
  mailer: Mailer,
  publicUrl: string,
  userIds: readonly string[],
  kind: NotificationKind,
  payload: Record<string, unknown>,
  path: string,
): Promise<void> {
  const recipients = await immediateRecipients(db, userIds, kind);
  if (recipients.length === 0) return;
  const users = await db.selectFrom("users").select(["email"]).where("id", "in", recipients).execute();
  const text = describeNotification(kind, payload);
  for (const user of users) {
    try {
      await mailer.send({
        to: user.email,
        subject: `${translate("app.name")} — ${text}`,
        text: `${text}\n\n${translate("notifications.email.open")} ${publicUrl}${path}\n`,
      });
    } catch {
      // The in-app notification remains; the mailer logs its own failures.
    }
  }
}

export interface PendingMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Notifies every active member of `organisationId` (rows written inside the caller's transaction)
 * and returns the mails, built from the given catalogue keys, for those who want `kind` mailed at
 * once, to send with `sendAll` once the transaction has committed.
 */
export async function notifyOrganisation(
  db: Executor,
  organisationId: string,
  kind: NotificationKind,
  payload: Record<string, unknown>,
  mail: { subjectKey: MessageKey; textKey: MessageKey; params: Record<string, string | number> },
): Promise<PendingMail[]> {
  const users = await activeMembers(db, organisationId);
  if (users.length === 0) return [];
  await notifyUsers(
    db,
    users.map((u) => u.id),
    kind,
    payload,
  );
  const immediate = new Set(
    await immediateRecipients(
      db,
      users.map((u) => u.id),
      kind,
    ),
  );
  const subject = translate(mail.subjectKey, mail.params);
  const text = translate(mail.textKey, mail.params);
  return users.filter((u) => immediate.has(u.id)).map((u) => ({ to: u.email, subject, text }));
}

/** Sends mails after commit; a failing mail never undoes a committed decision. */
export async function sendAll(mailer: Mailer | undefined, mails: PendingMail[]): Promise<void> {
  if (!mailer) return;
  await Promise.allSettled(mails.map((m) => mailer.send(m)));
}

/** Notifications created before `before`, read or not (retention, decision record 039); returns how many. */
export async function purgeOldNotifications(db: Executor, before: Date): Promise<number> {
  const rows = await db.deleteFrom("notifications").where("created_at", "<", before).returning("id").execute();
  return rows.length;
}
