import type { Executor } from "../../db/executor";
import { deleteAuthFailuresForEmail, insertAuthFailure, nthRecentFailure, pruneAuthFailures } from "../../db/queries/auth-failures";
import { DomainError } from "../errors";

/**
 * Password guessing brakes: 5 failures in 15 minutes lock an account, 20 lock an IP (a sweep over
 * many accounts). The lock lifts on its own as failures age out of the window; the error says when.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

export interface ThrottleKey {
  email: string;
  ip: string;
}

/** Throws DomainError('rate_limited', 'auth.login.throttled', { minutes }) when either limit is reached. */
export async function assertLoginAllowed(db: Executor, key: ThrottleKey, now: Date): Promise<void> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const accountLimit = await nthRecentFailure(db, { email: key.email }, MAX_FAILURES_PER_ACCOUNT, since);
  const ipLimit = await nthRecentFailure(db, { ip: key.ip }, MAX_FAILURES_PER_IP, since);
  const blockedSince = [accountLimit, ipLimit].filter((d): d is Date => d !== null);
  if (blockedSince.length === 0) return;
  // The lock lifts when the failure that reached the limit leaves the window.
  const liftsAt = Math.max(...blockedSince.map((d) => d.getTime() + THROTTLE_WINDOW_MS));
  const minutes = Math.max(1, Math.ceil((liftsAt - now.getTime()) / 60_000));
  throw new DomainError("rate_limited", "auth.login.throttled", { minutes });
}

export async function recordLoginFailure(db: Executor, key: ThrottleKey, now: Date): Promise<void> {
  await insertAuthFailure(db, { email: key.email, ip: key.ip, at: now });
  await pruneAuthFailures(db, key, new Date(now.getTime() - THROTTLE_WINDOW_MS));
}

/** A successful login forgets the account's failures. */
export async function clearLoginFailures(db: Executor, email: string): Promise<void> {
  await deleteAuthFailuresForEmail(db, email);
}
