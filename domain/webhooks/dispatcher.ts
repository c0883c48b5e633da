import { sql } from "kysely";
import type { Executor } from "../../db/executor";
import { signPayload, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./signature";
import { postWebhook } from "./delivery-request";
import type { EgressPolicy } from "./egress";

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;

/** Delay before attempt n+1 after n failures: 30 s, 1 min, 2 min … capped at 6 h. */
export function backoffMs(failures: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, failures - 1), 6 * 3_600_000);
}

export interface DispatchOptions {
  /** Where deliveries may go (egress.ts); no allow-list by default. */
  egress?: EgressPolicy;
  now?: () => number;
  limit?: number;
  timeoutMs?: number;
}

/**
 * Delivers due webhook deliveries once: claims them with a lease (so two dispatchers never send the
 * same one at once), POSTs the signed body to a checked public address (delivery-request.ts),
 * then records delivered / retry-later / failed.
 */
export async function deliverDue(db: Executor, options: DispatchOptions = {}): Promise<{ delivered: number; failed: number }> {
  const now = options.now ?? Date.now;
  const claimed = await db
    .updateTable("webhook_deliveries")
    .set({ next_attempt_at: new Date(now() + LEASE_MS) })
    .where(
      "id",
      "in",
      db
        .selectFrom("webhook_deliveries")
        .select("id")
        .where("status", "=", "pending")
        // Due within the current millisecond too: the column keeps microseconds (a fresh row's
        // default is the database's now()), a JS Date only milliseconds.
        .where("next_attempt_at", "<", new Date(now() + 1))
        .orderBy("id")
        .limit(options.limit ?? 50)
        .forUpdate()
        .modifyEnd(sql`skip locked`),
    )
    .returning(["id", "webhook_id", "event", "payload", "attempts"])
    .execute();
  let delivered = 0;
  let failed = 0;
  // Retries are scheduled from the claim, not from the end of the attempt: the schedule does not
  // record how long an attempt took (a timeout inside vs. an immediate refusal).
  const claimedAt = now();
  for (const d of claimed) {
    const hook = await db.selectFrom("webhooks").select(["url", "secret", "disabled_at"]).where("id", "=", d.webhook_id).executeTakeFirst();
    const body = typeof d.payload === "string" ? d.payload : JSON.stringify(d.payload);
    let statusCode: number | null = null;
    let error: string | null = null;
    if (!hook || hook.disabled_at) {
      error = "webhook disabled";
    } else {
      const timestamp = String(Math.floor(now() / 1000));
      const outcome = await postWebhook(
        new URL(hook.url),
        {
          "Content-Type": "application/json",
          "User-Agent": "Datadock-Webhooks/1",
          "Datadock-Event": d.event,
          "Datadock-Delivery": d.id,
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signPayload(hook.secret, timestamp, body),
        },
        body,
        options.egress ?? {},
        options.timeoutMs ?? 10_000,
      );
      statusCode = outcome.status;
      if (!outcome.ok) error = outcome.failure;
    }
    const attempts = d.attempts + 1;
    if (!error) {
      delivered += 1;
      await db
        .updateTable("webhook_deliveries")
        .set({ status: "delivered", attempts, last_status_code: statusCode, last_error: null, delivered_at: new Date(now()) })
        .where("id", "=", d.id)
        .execute();
    } else {
      failed += 1;
      const giveUp = attempts >= MAX_ATTEMPTS || !hook || hook.disabled_at !== null;
      await db
        .updateTable("webhook_deliveries")
        .set({
          status: giveUp ? "failed" : "pending",
          attempts,
          last_status_code: statusCode,
          last_error: error.slice(0, 500),
          next_attempt_at: new Date(claimedAt + backoffMs(attempts)),
        })
        .where("id", "=", d.id)
        .execute();
    }
  }
  return { delivered, failed };
}

/** Polls for due deliveries every `intervalMs` until stopped (started by server/ after the database). */
export function startWebhookDispatcher(
  db: Executor,
  intervalMs = 5_000,
  onError: (e: unknown) => void = () => {},
  egress: EgressPolicy = {},
): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverDue(db, { egress })
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
