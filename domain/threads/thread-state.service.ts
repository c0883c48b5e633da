import type { Executor } from "../../db/executor";
import { inTransaction } from "../../db/transaction";
import { DomainError, conflict } from "../errors";
import type { Actor } from "../permissions/actor";
import { recordEvent } from "../dossiers/timeline";
import { recordThreadChanged } from "./thread-events";
import { actorName, ensureThread, requireThreadAccess } from "./thread-access";

/** Resolve / reopen an indicator's thread; every change is kept (who, which side, when). */
export interface ThreadStateChange {
  kind: "resolved" | "reopened";
  actorName: string;
  side: "of" | "funder";
  at: string;
}

export async function threadHistory(db: Executor, threadId: string | null): Promise<ThreadStateChange[]> {
  if (!threadId) return [];
  const rows = await db
    .selectFrom("thread_state_changes")
    .select(["kind", "actor_name", "actor_side", "created_at"])
    .where("thread_id", "=", threadId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ kind: r.kind, actorName: r.actor_name, side: r.actor_side, at: new Date(r.created_at).toISOString() }));
}

export async function setThreadResolved(
  db: Executor,
  actor: Actor,
  dossierId: string,
  code: string,
  resolved: boolean,
): Promise<ThreadStateChange> {
  return inTransaction(db, async (trx) => {
    const access = await requireThreadAccess(trx, actor, dossierId, code);
    if (access.side === "coordinator" || (resolved ? !access.canResolve : !access.canReopen)) {
      throw new DomainError("forbidden", resolved ? "threads.errors.cannotResolve" : "threads.errors.cannotReopen");
    }
    const threadId = await ensureThread(trx, access);
    // One change at a time per thread: the row lock orders concurrent resolve/reopen.
    await trx.selectFrom("threads").select("id").where("id", "=", threadId).forUpdate().execute();
    const latest = await trx
      .selectFrom("thread_state_changes")
      .select("kind")
      .where("thread_id", "=", threadId)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    const isResolved = latest?.kind === "resolved";
    if (isResolved === resolved) throw conflict(resolved ? "threads.errors.alreadyResolved" : "threads.errors.alreadyOpen");
    const kind = resolved ? "resolved" : "reopened";
    const row = await trx
      .insertInto("thread_state_changes")
      .values({ thread_id: threadId, kind, actor_id: actor.userId, actor_name: actorName(actor), actor_side: access.side })
      .returning("created_at")
      .executeTakeFirstOrThrow();
    await recordEvent(trx, { dossierId: access.dossierId, actorId: actor.userId, kind: `thread.${kind}`, payload: { code: access.code } });
    await recordThreadChanged(trx, { dossierId: access.dossierId, code: access.code, kind: "state", userId: actor.userId });
    return { kind, actorName: actorName(actor), side: access.side, at: new Date(row.created_at).toISOString() };
  });
}
