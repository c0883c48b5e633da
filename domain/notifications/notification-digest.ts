import type { Executor } from "../../db/executor";
import type { Mailer } from "../mail/mailer";
import { translate } from "../i18n/translate";
import { describeNotification } from "./notification-view";

export interface DigestDeps {
  mailer: Mailer;
  publicUrl: string;
}

/**
 * The daily digest (issue 15.8, decision 047): each user with notifications pending digest gets one
 * mail listing them (oldest first), and they are marked sent. Run by the daily job once per day
 * across instances; a second run finds nothing pending. A user's rows are marked only after their
 * mail was handed to the mailer, so a failed mail is retried the next day. Returns the mails sent.
 */
export async function sendDailyDigests(db: Executor, deps: DigestDeps): Promise<number> {
  const rows = await db
    .selectFrom("notifications")
    .innerJoin("users", "users.id", "notifications.user_id")
    .select(["notifications.id", "notifications.user_id", "notifications.kind", "notifications.payload", "users.email"])
    .where("notifications.digest", "=", "pending")
    .where("users.disabled_at", "is", null)
    .orderBy("notifications.user_id")
    .orderBy("notifications.id")
    .execute();
  const byUser = new Map<string, { email: string; ids: string[]; lines: string[] }>();
  for (const row of rows) {
    const entry = byUser.get(row.user_id) ?? { email: row.email, ids: [], lines: [] };
    const payload = (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>;
    entry.ids.push(String(row.id));
    entry.lines.push(`- ${describeNotification(row.kind, payload)}`);
    byUser.set(row.user_id, entry);
  }
  let sent = 0;
  for (const [userId, entry] of byUser) {
    const count = entry.ids.length;
    try {
      await deps.mailer.send({
        to: entry.email,
        subject: translate(count === 1 ? "notifications.digest.subject.one" : "notifications.digest.subject.other", { count }),
        text: translate("notifications.digest.text", { list: entry.lines.join("\n"), url: `${deps.publicUrl}/notifications` }),
      });
    } catch {
      continue; // left pending: the next day's digest carries it
    }
    await db.updateTable("notifications").set({ digest: "sent" }).where("user_id", "=", userId).where("id", "in", entry.ids).execute();
    sent++;
  }
  return sent;
}
