import type { Executor } from "../../db/executor";
import { purgeEndedSessions } from "../accounts/sessions.queries";
import { purgeSpentEmailTokens } from "../accounts/email-tokens.queries";
import { purgeLoginThrottles } from "../accounts/login-throttles.queries";
import { purgeOldNotifications } from "../notifications/notifications.service";
import { purgeDispatchedEvents } from "../events/domain-events.queries";
import { purgeEndedPresenceSessions } from "../collab/presence-sessions.service";
import { purgeJobRuns } from "../events/scheduled-jobs.queries";

/**
 * How long personal data that no longer serves is kept, in days (decision record 039; set by the
 * server from RETENTION_* variables). Dossiers, decisions and messages are not here: they are kept
 * while the organisation is referenced, and a deleted account is anonymised at once.
 */
export interface RetentionPolicy {
  /** Sessions, counted from their expiry or revocation. */
  sessionsDays: number;
  /** E-mailed links (verification, reset, invitation), from their expiry or use. */
  emailTokensDays: number;
  /** Failed-login counters, from the last failure and the end of the block. */
  loginThrottlesDays: number;
  /** Notifications, from their creation, read or not. */
  notificationsDays: number;
  /** Connection logs (presence sessions), from their end. */
  presenceDays: number;
  /** Dispatched domain events (they copy names and addresses), from their dispatch. */
  domainEventsDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  sessionsDays: 30,
  emailTokensDays: 30,
  loginThrottlesDays: 1,
  notificationsDays: 365,
  presenceDays: 90,
  domainEventsDays: 90,
};

export type RetentionReport = Record<keyof RetentionPolicy | "jobRuns", number>;

const DAY_MS = 86_400_000;

/** Deletes what outlived its retention; idempotent (a second run the same day deletes nothing more). */
export async function applyRetention(db: Executor, policy: RetentionPolicy, now = new Date()): Promise<RetentionReport> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return {
    sessionsDays: await purgeEndedSessions(db, before(policy.sessionsDays)),
    emailTokensDays: await purgeSpentEmailTokens(db, before(policy.emailTokensDays)),
    loginThrottlesDays: await purgeLoginThrottles(db, before(policy.loginThrottlesDays)),
    notificationsDays: await purgeOldNotifications(db, before(policy.notificationsDays)),
    presenceDays: await purgeEndedPresenceSessions(db, before(policy.presenceDays)),
    domainEventsDays: await purgeDispatchedEvents(db, before(policy.domainEventsDays)),
    // A year of job runs is kept (they say which days ran); older rows guard nothing.
    jobRuns: await purgeJobRuns(db, before(366).toISOString().slice(0, 10)),
  };
}
