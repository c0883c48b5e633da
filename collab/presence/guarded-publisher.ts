import type { Redis } from "ioredis";

/**
 * @socket.io/redis-adapter publishes without awaiting (`pubClient.publish(...)` on every broadcast, join
 * and request): while Redis is unreachable each of those promises rejects, and an unhandled rejection
 * ends the process. This makes the publisher's `publish` report the failure and resolve to 0 (no
 * subscriber reached) instead; other instances catch up when they next broadcast a room's state.
 */
export function guardPublisher(client: Redis, onError: (err: unknown) => void): Redis {
  const publish = client.publish.bind(client) as (...args: unknown[]) => Promise<number>;
  client.publish = ((...args: unknown[]) =>
    publish(...args).catch((err: unknown) => {
      onError(err);
      return 0;
    })) as Redis["publish"];
  return client;
}
