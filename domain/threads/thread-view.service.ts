import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import type { DossierStatus } from "../../db/schema";
import type { Actor } from "../permissions/actor";
import { DomainError } from "../errors";
import { sideOf, requireThreadAccess, type ThreadSide } from "./thread-access";
import { threadParticipants, type Participant } from "./mentions";
import { readersOfLastMessage, selectUnreadMessages, unreadByIndicator } from "./thread-reads.service";
import { threadHistory, type ThreadStateChange } from "./thread-state.service";

/** What a thread panel shows, on the OF's indicator page and on the funders' examination page. */
export interface ThreadMessageItem {
  id: string;
  body: string;
  authorId: string | null;
  authorName: string | null;
  authorOrganisationName: string | null;
  fromOf: boolean;
  fileId: string | null;
  fileName: string | null;
  createdAt: string;
}

export interface ThreadPanelView {
  dossierId: string;
  code: string;
  threadId: string | null;
  side: ThreadSide;
  canPost: boolean;
  canResolve: boolean;
  canReopen: boolean;
  resolved: boolean;
  history: ThreadStateChange[];
  messages: ThreadMessageItem[];
  /** Messages by others the viewer had not read when the panel was loaded. */
  unread: number;
  /** Others (not the author) who have read the last message. */
  lastReadBy: string[];
  participants: Participant[];
}

export async function loadThreadPanel(db: Executor, actor: Actor, dossierId: string, code: string): Promise<ThreadPanelView> {
  const access = await requireThreadAccess(db, actor, dossierId, code);
  const threadId = access.threadId;
  const rows = threadId
    ? await db
        .selectFrom("messages")
        .leftJoin("users", "users.id", "messages.author_id")
        .leftJoin("organisations", "organisations.id", "messages.author_organisation_id")
        .leftJoin("files", "files.id", "messages.file_id")
        .select([
          "messages.id",
          "messages.body",
          "messages.author_id",
          "messages.author_organisation_id",
          "messages.file_id",
          "messages.created_at",
          "users.full_name",
          "users.email",
          "organisations.name as organisation_name",
          "files.file_name",
        ])
        .where("messages.thread_id", "=", threadId)
        .orderBy("messages.created_at")
        .orderBy("messages.id")
        .execute()
    : [];
  const history = await threadHistory(db, threadId);
  const unread = threadId ? ((await unreadByIndicator(db, actor.userId, access.dossierId))[access.code] ?? 0) : 0;
  return {
    dossierId: access.dossierId,
    code: access.code,
    threadId,
    side: access.side,
    canPost: access.canPost,
    canResolve: access.canResolve,
    canReopen: access.canReopen,
    resolved: history.at(-1)?.kind === "resolved",
    history,
    messages: rows.map((r) => ({
      id: r.id,
      body: r.body,
      authorId: r.author_id,
      authorName: r.full_name || r.email || null,
      authorOrganisationName: r.organisation_name,
      fromOf: r.author_organisation_id === access.organisationId,
      fileId: r.file_id,
      fileName: r.file_name,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    unread,
    lastReadBy: threadId ? (await readersOfLastMessage(db, threadId)).filter((r) => r.userId !== actor.userId).map((r) => r.name) : [],
    participants: (await threadParticipants(db, access)).filter((p) => p.id !== actor.userId),
  };
}

/** Per indicator code of a dossier: unread count for the viewer and whether its thread is resolved. */
export interface ThreadSummary {
  code: string;
  messages: number;
  unread: number;
  resolved: boolean;
}

/**
 * Indicator threads with what a summary shows, for one reader: its code, its message count, its last
 * state change and the reader's unread count. The caller narrows (a dossier, a thread).
 */
function selectThreadSummaries(db: Executor, userId: string) {
  return db
    .selectFrom("threads as t")
    .innerJoin("indicators", "indicators.id", "t.indicator_id")
    .select([
      "indicators.code",
      sql<string>`(select count(*) from messages m where m.thread_id = t.id)`.as("messages"),
      sql<string | null>`(select c.kind from thread_state_changes c where c.thread_id = t.id order by c.id desc limit 1)`.as("state"),
      selectUnreadMessages(db, userId)
        .select(sql<string>`count(*)`.as("n"))
        .where("messages.thread_id", "=", sql<string>`t.id`)
        .as("unread"),
    ]);
}

function threadSummary(row: { code: string; messages: string; state: string | null; unread: string | null }): ThreadSummary {
  return { code: row.code, messages: Number(row.messages), unread: Number(row.unread ?? 0), resolved: row.state === "resolved" };
}

/** The dossier's threads by indicator code (the OF's dossier page). */
export async function dossierThreadSummaries(db: Executor, actor: Actor, dossierId: string): Promise<Record<string, ThreadSummary>> {
  const dossier = await db.selectFrom("dossiers").select(["organisation_id", "status"]).where("id", "=", dossierId).executeTakeFirst();
  if (!dossier || !sideOf(actor, dossier.organisation_id, dossier.status)) throw new DomainError("not_found", "errors.notFound");
  const rows = await selectThreadSummaries(db, actor.userId).where("t.dossier_id", "=", dossierId).execute();
  return Object.fromEntries(rows.map((r) => [r.code, threadSummary(r)]));
}

/**
 * One indicator thread's summary, in one read: what the review room shows beside its selected
 * indicator (dossierThreadSummaries reads every thread of the dossier).
 */
export async function threadSummaryOf(
  db: Executor,
  actor: Actor,
  threadId: string,
  dossier: { organisation_id: string; status: DossierStatus },
): Promise<ThreadSummary> {
  if (!sideOf(actor, dossier.organisation_id, dossier.status)) throw new DomainError("not_found", "errors.notFound");
  return threadSummary(await selectThreadSummaries(db, actor.userId).where("t.id", "=", threadId).executeTakeFirstOrThrow());
}
