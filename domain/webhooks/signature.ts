import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Datadock-Signature";
export const TIMESTAMP_HEADER = "Datadock-Timestamp";

/** `sha256=` + hex HMAC-SHA256 of `${timestamp}.${body}` with the webhook's secret. */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver does: recompute, compare in constant time, refuse stale timestamps (replay). */
export function verifySignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  toleranceSeconds = 300,
  now = Date.now(),
): boolean {
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(now / 1000 - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
