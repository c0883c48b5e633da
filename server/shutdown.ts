import type { Server } from "node:http";
import type { Logger } from "./logger";

export type CloseStep = { name: string; close: () => Promise<void> | void };

/**
 * Graceful shutdown on SIGTERM/SIGINT: stop accepting, close live sockets, let in-flight
 * requests finish (10 s at most), close the database, exit.
 */
export function installShutdown(server: Server, steps: CloseStep[], logger: Logger): () => Promise<void> {
  let shuttingDown: Promise<void> | null = null;
  const shutdown = () => {
    shuttingDown ??= (async () => {
      logger.info("shutting down");
      const force = setTimeout(() => {
        logger.warn("forced exit after 10 s");
        process.exit(1);
      }, 10_000);
      force.unref();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const step of steps) {
        try {
          await step.close();
        } catch (error) {
          logger.error({ err: error, step: step.name }, "error while closing");
        }
      }
      const drain = setTimeout(() => server.closeAllConnections(), 5_000);
      drain.unref();
      await closed;
      logger.info("stopped");
    })();
    return shuttingDown;
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void shutdown().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
  return shutdown;
}
