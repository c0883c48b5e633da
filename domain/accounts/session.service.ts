import type { Executor } from "../../db/executor";
import { extendSession, findLiveSession, insertSession, revokeSession, revokeUserSessions } from "./sessions.queries";
import type { Actor } from "../permissions/actor";
import { generateToken, hashToken } from "./tokens";

/**
 * Sessions in Lucia's design: the cookie holds a random token, the database only its SHA-256.
 * 30-day expiry, extended to 30 days again when fewer than 15 remain (sliding).
 */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_RENEW_THRESHOLD_MS = 15 * 24 * 60 * 60 * 1000;

export interface ValidatedSession {
  sessionId: string;
  expiresAt: Date;
  /** True when the expiry moved: the caller re-sends the cookie. */
  renewed: boolean;
  actor: Actor;
  emailVerified: boolean;
}

export async function createSession(
  db: Executor,
  userId: string,
  meta: { ip?: string | null; userAgent?: string | null } = {},
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await insertSession(db, {
    id: hashToken(token),
    userId,
    expiresAt,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
  });
  return { token, expiresAt };
}

/** The session behind a cookie token, or null when unknown, expired, revoked, or its user disabled. */
export async function validateSessionToken(db: Executor, token: string, now = new Date()): Promise<ValidatedSession | null> {
  if (!/^[a-z2-7]{52}$/.test(token)) return null;
  const sessionId = hashToken(token);
  const row = await findLiveSession(db, sessionId);
  if (!row) return null;
  let expiresAt = new Date(row.expires_at);
  if (now.getTime() >= expiresAt.getTime()) {
    await revokeSession(db, sessionId);
    return null;
  }
  let renewed = false;
  if (expiresAt.getTime() - now.getTime() < SESSION_RENEW_THRESHOLD_MS) {
    expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    await extendSession(db, sessionId, expiresAt);
    renewed = true;
  }
  const { memberships } = row;
  return {
    sessionId,
    expiresAt,
    renewed,
    emailVerified: row.email_verified_at !== null,
    actor: { userId: row.user_id, email: row.email, fullName: row.full_name, memberships },
  };
}

export async function invalidateSession(db: Executor, sessionId: string): Promise<void> {
  await revokeSession(db, sessionId);
}

/** "Log out everywhere": every session of the user. Returns revoked ids for socket teardown. */
export function invalidateUserSessions(db: Executor, userId: string): Promise<string[]> {
  return revokeUserSessions(db, userId);
}
