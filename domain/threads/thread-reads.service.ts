import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { Actor } from "../permissions/actor";
import { inTransaction } from "../../db/transaction";
import { requireThreadAccess } from "./thread-access";
import { recordThreadChanged } from "./thread-events";

/**
 * Read state per user and thread: the last message read. Unread = messages by others posted after it.
 * Marking read never moves backwards (two tabs, a late request).
 */
export async function markThreadRead(
  db: Executor,
  actor: Actor,
  dossierId: string,
  code: string,
): Promise<{ threadId: string; messageId: string } | null> {
  return inTransaction(db, async (trx) => {
    const read = await storeRead(trx, actor, dossierId, code);
    await recordThreadChanged(trx, { dossierId, code, kind: "read", userId: actor.userId });
    return read;
  });
}

async function storeRead(
  db: Executor,
  actor: Actor,
  dossierId: string,
  code: string,
): Promise<{ threadId: string; messageId: string } | null> {
  const access = await requireThreadAccess(db, actor, dossierId, code);
  if (!access.threadId) return null;
  const last = await db
    .selectFrom("messages")
    .select(["id", "created_at"])
    .where("thread_id", "=", access.threadId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!last) return null;
  // The timestamp is copied in SQL: a JavaScript Date would drop PostgreSQL's microseconds.
  const createdAt = sql<Date>`(select created_at from messages where id = ${last.id})`;
  await db
    .insertInto("thread_reads")
    .values({ thread_id: access.threadId, user_id: actor.userId, last_read_message_id: last.id, last_read_at: createdAt })
    .onConflict((oc) =>
      oc
        .columns(["thread_id", "user_id"])
        .doUpdateSet({ last_read_message_id: last.id, last_read_at: sql`excluded.last_read_at`, updated_at: sql`now()` })
        .where("thread_reads.last_read_at", "<", sql<Date>`excluded.last_read_at`),
    )
    .execute();
  return { threadId: access.threadId, messageId: last.id };
}

/**
 * The messages a user has not read: written by someone else (or by the system) after the user's last
 * read of their thread. The caller narrows (a thread, a dossier) and selects.
 */
export function selectUnreadMessages(db: Executor, userId: string) {
  return db
    .selectFrom("messages")
    .innerJoin("threads", "threads.id", "messages.thread_id")
    .leftJoin("thread_reads", (join) => join.onRef("thread_reads.thread_id", "=", "threads.id").on("thread_reads.user_id", "=", userId))
    .where((eb) => eb.or([eb("messages.author_id", "is", null), eb("messages.author_id", "<>", userId)]))
    .where((eb) =>
      eb.or([eb("thread_reads.last_read_at", "is", null), eb("messages.created_at", ">", eb.ref("thread_reads.last_read_at"))]),
    );
}

/** Unread messages per indicator code of a dossier, for that user (codes without unread are absent). */
export async function unreadByIndicator(db: Executor, userId: string, dossierId: string): Promise<Record<string, number>> {
  const rows = await selectUnreadMessages(db, userId)
    .innerJoin("indicators", "indicators.id", "threads.indicator_id")
    .select(["indicators.code", sql<string>`count(*)`.as("n")])
    .where("threads.dossier_id", "=", dossierId)
    .groupBy("indicators.code")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.code, Number(r.n)]));
}

/** Who (other than its author) has read the thread's last message. */
export async function readersOfLastMessage(db: Executor, threadId: string): Promise<{ userId: string; name: string }[]> {
  const last = await db
    .selectFrom("messages")
    .select(["id", "author_id"])
    .where("thread_id", "=", threadId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!last) return [];
  const rows = await db
    .selectFrom("thread_reads")
    .innerJoin("users", "users.id", "thread_reads.user_id")
    .select(["users.id", "users.full_name", "users.email"])
    .where("thread_reads.thread_id", "=", threadId)
    .where("thread_reads.last_read_at", ">=", sql<Date>`(select created_at from messages where id = ${last.id})`)
    .orderBy("thread_reads.updated_at")
    .execute();
  return rows.filter((r) => r.id !== last.author_id).map((r) => ({ userId: r.id, name: r.full_name || r.email }));
}
