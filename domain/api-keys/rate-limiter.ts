import type { Executor } from "../../db/executor";
import { hitRateWindow } from "./rate-windows.queries";

/**
 * Fixed-window rate limit per funder (all its API keys share one quota: a second key does not
 * double it), counted in the database so every instance shares it.
 * Returns what the RateLimit-* headers (IETF draft "RateLimit header fields for HTTP") need.
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
}

export interface RatePolicy {
  limit: number;
  windowMs: number;
}

/** The API's policy: 120 requests a minute per funder. */
export const API_RATE_POLICY: RatePolicy = { limit: 120, windowMs: 60_000 };

export async function hitApiRate(
  db: Executor,
  funderId: string,
  policy: RatePolicy = API_RATE_POLICY,
  now = Date.now(),
): Promise<RateDecision> {
  const start = Math.floor(now / policy.windowMs) * policy.windowMs;
  const hits = await hitRateWindow(db, funderId, new Date(start));
  const reset = Math.max(1, Math.ceil((start + policy.windowMs - now) / 1000));
  return { allowed: hits <= policy.limit, limit: policy.limit, remaining: Math.max(0, policy.limit - hits), reset };
}
