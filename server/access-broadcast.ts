import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { Logger } from "./logger";

const CHANNEL = "datadock:user-access-changed";

export interface AccessBroadcast {
  /** Tells every instance (this one included) that this user's sessions or permissions changed. */
  publish(userId: string): void;
  close(): Promise<void>;
}

/**
 * Revocations reach every instance: a session revoked or a permission removed on one instance must
 * close that user's sockets wherever they are open. Without Redis there is one instance, and the
 * change is applied locally. With Redis, it is applied locally at once and published; the other
 * instances apply it when the message arrives (this instance ignores its own echo).
 */
export function createAccessBroadcast(options: { redisUrl?: string; logger: Logger; apply(userId: string): void }): AccessBroadcast {
  const { logger, apply } = options;
  if (!options.redisUrl) return { publish: apply, close: async () => {} };
  const instance = randomUUID();
  const pub = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on("error", (err: Error) => logger.warn({ err }, "access broadcast: redis error"));
  sub.on("message", (_channel: string, message: string) => {
    const [from, userId] = message.split(" ");
    if (from !== instance && userId) apply(userId);
  });
  sub.subscribe(CHANNEL).catch((err: unknown) => logger.warn({ err }, "access broadcast: subscribe failed"));
  return {
    publish(userId) {
      apply(userId);
      pub
        .publish(CHANNEL, `${instance} ${userId}`)
        .catch((err: unknown) => logger.warn({ err, userId }, "access broadcast: publish failed"));
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
