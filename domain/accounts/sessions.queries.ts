import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Executor } from "../../db/executor";
import { selectUserMemberships } from "./memberships.queries";

export async function insertSession(
  db: Executor,
  session: { id: string; userId: string; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id: session.id,
      user_id: session.userId,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute();
}

/** The session with its user, only while neither is revoked/disabled. Expiry is checked by the caller. */
export function findLiveSession(db: Executor, sessionId: string) {
  return (
    db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select(["sessions.id", "sessions.user_id", "sessions.expires_at", "users.email", "users.full_name", "users.email_verified_at"])
      // The user's memberships in the same round trip: every signed-in request needs them (the actor).
      .select(jsonArrayFrom(selectUserMemberships(db).where("memberships.user_id", "=", sql<string>`sessions.user_id`)).as("memberships"))
      .where("sessions.id", "=", sessionId)
      .where("sessions.revoked_at", "is", null)
      .where("users.disabled_at", "is", null)
      .executeTakeFirst()
  );
}

export async function extendSession(db: Executor, sessionId: string, expiresAt: Date): Promise<void> {
  await db.updateTable("sessions").set({ expires_at: expiresAt }).where("id", "=", sessionId).execute();
}

export async function revokeSession(db: Executor, sessionId: string): Promise<void> {
  await db.updateTable("sessions").set({ revoked_at: new Date() }).where("id", "=", sessionId).execute();
}

/** Revokes every live session of a user; returns their ids (so open sockets can be closed). */
export async function revokeUserSessions(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .updateTable("sessions")
    .set({ revoked_at: new Date() })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

export async function deleteExpiredSessions(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom("sessions").where("expires_at", "<", before).execute();
}

/** Sessions expired or revoked before `before` (retention, decision record 039); returns how many. */
export async function purgeEndedSessions(db: Executor, before: Date): Promise<number> {
  const rows = await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<", before), eb("revoked_at", "<", before)]))
    .returning("id")
    .execute();
  return rows.length;
}
