import type { Executor } from "../../db/executor";
import {
  ANY_ACCOUNT,
  countFailure,
  deleteAccountThrottles,
  deleteThrottle,
  findThrottles,
  pruneThrottles,
  resetCompletedSince,
  setBlockedUntil,
} from "./login-throttles.queries";
import { DomainError } from "../errors";

/**
 * Password-guessing brakes by growing delays (OWASP Authentication Cheat Sheet: throttle rather
 * than lock out). Two counters, kept in the database so every instance shares them:
 * - per (account, address): a few free failures, then each failure doubles the wait;
 * - per address, over all accounts (a sweep): more free failures, then the same doubling.
 * There is no counter per account alone: failures from one address never slow the owner down at
 * another. A completed password reset clears the account's counters everywhere and, for an hour,
 * lets the account through its address's sweep brake too, so the owner can always get in.
 * Refused attempts are not counted (the password is not even checked), so waiting is enough.
 */
export const ACCOUNT_ADDRESS_POLICY = { freeFailures: 3, firstDelayMs: 5_000, maxDelayMs: 15 * 60_000 } as const;
export const ADDRESS_POLICY = { freeFailures: 20, firstDelayMs: 5_000, maxDelayMs: 60 * 60_000 } as const;
/** A counter with no failure for this long starts again from zero. */
export const RESTART_AFTER_MS = 24 * 60 * 60_000;
/** How long after a completed reset the account passes its address's sweep brake. */
export const RESET_GRACE_MS = 60 * 60_000;

export interface DelayPolicy {
  freeFailures: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

/** The wait after the n-th consecutive failure: 0 while free, then first, ×2 each time, capped. */
export function delayAfter(failures: number, policy: DelayPolicy): number {
  const beyond = failures - policy.freeFailures;
  if (beyond <= 0) return 0;
  return Math.min(policy.firstDelayMs * 2 ** Math.min(beyond - 1, 30), policy.maxDelayMs);
}

export interface ThrottleKey {
  /** The normalised email typed (whether or not an account has it). */
  email: string;
  /** The client address, from the socket or a trusted proxy's header. */
  ip: string;
}

/**
 * Throws DomainError('rate_limited') when this (account, address) or this address must still
 * wait: 'auth.login.throttledSeconds' { seconds } under a minute, else 'auth.login.throttled' { minutes }.
 */
export async function assertLoginAllowed(db: Executor, key: ThrottleKey, now: Date): Promise<void> {
  const rows = await findThrottles(db, key.email, key.ip);
  let until = 0;
  for (const row of rows) {
    if (row.blockedUntil.getTime() <= now.getTime()) continue;
    if (row.account === ANY_ACCOUNT && (await resetCompletedSince(db, key.email, new Date(now.getTime() - RESET_GRACE_MS)))) continue;
    until = Math.max(until, row.blockedUntil.getTime());
  }
  if (until === 0) return;
  const waitMs = until - now.getTime();
  if (waitMs < 60_000)
    throw new DomainError("rate_limited", "auth.login.throttledSeconds", { seconds: Math.max(1, Math.ceil(waitMs / 1000)) });
  throw new DomainError("rate_limited", "auth.login.throttled", { minutes: Math.ceil(waitMs / 60_000) });
}

/** Counts a failure on both counters and sets each one's wait. */
export async function recordLoginFailure(db: Executor, key: ThrottleKey, now: Date): Promise<void> {
  const restartBefore = new Date(now.getTime() - RESTART_AFTER_MS);
  await pruneThrottles(db, restartBefore);
  for (const [counter, policy] of [
    [{ account: key.email, address: key.ip }, ACCOUNT_ADDRESS_POLICY],
    [{ account: ANY_ACCOUNT, address: key.ip }, ADDRESS_POLICY],
  ] as const) {
    const failures = await countFailure(db, counter, now, restartBefore);
    const delay = delayAfter(failures, policy);
    if (delay > 0) await setBlockedUntil(db, counter, new Date(now.getTime() + delay));
  }
}

/**
 * A successful login forgets this (account, address) pair. The address's sweep counter stays:
 * logging into one's own account must not reset a sweep over others.
 */
export async function clearLoginFailures(db: Executor, key: ThrottleKey): Promise<void> {
  await deleteThrottle(db, key.email, key.ip);
}

/** A completed password reset forgets the account's counters from every address. */
export async function clearAccountThrottles(db: Executor, email: string): Promise<void> {
  await deleteAccountThrottles(db, email);
}
