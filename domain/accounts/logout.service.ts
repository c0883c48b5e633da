import type { Executor } from "../../db/executor";
import type { LiveHooks } from "../context";
import { invalidateSession, invalidateUserSessions } from "./session.service";

/** Logs out this browser: its session row is revoked. */
export async function logOut(db: Executor, sessionId: string): Promise<void> {
  await invalidateSession(db, sessionId);
}

/** Logs out every device of the user, then lets the live layer close their sockets. */
export async function logOutEverywhere(db: Executor, deps: { live?: LiveHooks }, userId: string): Promise<number> {
  const revoked = await invalidateUserSessions(db, userId);
  deps.live?.userAccessChanged(userId);
  return revoked.length;
}
