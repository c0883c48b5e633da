import type { Executor } from "../../db/executor";
import { readSessionToken } from "../accounts/session-cookie";
import { validateSessionToken } from "../accounts/session.service";
import type { Actor } from "../permissions/actor";

/** The websocket's user, from the same session cookie and the same validation as the portal. */
export async function authenticateCookie(db: Executor, cookieHeader: string | undefined): Promise<Actor | null> {
  const token = readSessionToken(cookieHeader);
  if (!token) return null;
  const session = await validateSessionToken(db, token);
  return session?.actor ?? null;
}
