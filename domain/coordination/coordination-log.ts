import type { Executor } from "../../db/executor";
import type { CoordinationAction } from "../../db/schema";

/** Traces one platform-wide action of the coordination (open référentiel, funder revocation). */
export async function logCoordinationAction(
  db: Executor,
  entry: { actorId: string | null; action: CoordinationAction; subjectId: string | null; payload?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto("coordination_log")
    .values({ actor_id: entry.actorId, action: entry.action, subject_id: entry.subjectId, payload: JSON.stringify(entry.payload ?? {}) })
    .execute();
}

/** The latest entries of some actions, newest first, with the actor's name. */
export async function listCoordinationLog(db: Executor, actions: CoordinationAction[], limit = 20) {
  return db
    .selectFrom("coordination_log")
    .leftJoin("users", "users.id", "coordination_log.actor_id")
    .select([
      "coordination_log.id",
      "coordination_log.action",
      "coordination_log.subject_id as subjectId",
      "coordination_log.payload",
      "coordination_log.created_at as createdAt",
      "users.full_name as actorName",
    ])
    .where("coordination_log.action", "in", actions)
    .orderBy("coordination_log.created_at", "desc")
    .orderBy("coordination_log.id", "desc")
    .limit(limit)
    .execute();
}
