import type { Executor } from "../../db/executor";
import type { PresencePlace } from "../../db/schema";

export type { PresencePlace };

/** Records that a user is connected somewhere (the portal, a dossier, an organisation's space) through an instance. */
export async function openPresenceSession(
  db: Executor,
  input: { userId: string; instanceId: string; place: PresencePlace; dossierId?: string | null; organisationId?: string | null },
): Promise<string> {
  const row = await db
    .insertInto("presence_sessions")
    .values({
      user_id: input.userId,
      instance_id: input.instanceId,
      place: input.place,
      dossier_id: input.dossierId ?? null,
      organisation_id: input.organisationId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(row.id);
}

export async function closePresenceSession(db: Executor, id: string, reason = "left"): Promise<void> {
  await db
    .updateTable("presence_sessions")
    .set({ ended_at: new Date(), end_reason: reason })
    .where("id", "=", id)
    .where("ended_at", "is", null)
    .execute();
}

/** Closes every session still open on an instance (it stops, or restarts after a crash). Returns how many. */
export async function closeInstanceSessions(db: Executor, instanceId: string, reason: string): Promise<number> {
  const result = await db
    .updateTable("presence_sessions")
    .set({ ended_at: new Date(), end_reason: reason })
    .where("instance_id", "=", instanceId)
    .where("ended_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Connection logs: presence sessions ended before `before` (retention, decision record 039); returns how many. */
export async function purgeEndedPresenceSessions(db: Executor, before: Date): Promise<number> {
  const rows = await db.deleteFrom("presence_sessions").where("ended_at", "<", before).returning("id").execute();
  return rows.length;
}
