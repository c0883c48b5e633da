import { humanOutput, logLevelFor, readyLine } from "./startup-line";
import { createServer } from "node:http";
import { hostname } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { EnvError, readEnv, retentionPolicyOf } from "./config/env";
import { buildRuntimeConfig } from "./config/runtime-config";
import { createLogger } from "./logger";
import { createDatabase } from "../db/client";
import { prepareData } from "./startup-data";
import { createServices } from "./services";
import { createHttpApp } from "./http/http-app";
import { installClientErrorAnswers } from "./http/client-errors";
import { installUpgradeRouter } from "./upgrade-router";
import { installShutdown } from "./shutdown";
import { watchDevBuild } from "./dev-build";
import { createAccessBroadcast } from "./access-broadcast";
import { createLiveLayer, liveDocuments } from "./live";
import { createPresenceLayer } from "./presence";
import { createEventDispatcher } from "./events/dispatcher";
import { startDailyJobs } from "./jobs/daily-jobs";
import { startBulkJobRunner, type BulkJobRunner } from "./jobs/bulk-job-runner";
import { liveHandler } from "./events/live-handler";
import { notificationHandler } from "./events/notification-handler";
import { webhookHandler } from "./events/webhook-handler";
import type { Presence } from "../collab/presence/index";
import type { LiveHooks } from "../domain/context";
import { startWebhookDispatcher } from "../domain/webhooks/dispatcher";

/** Bootstrap: env → config → db → data → services → http → live layer → listen → shutdown. */
async function main() {
  const env = readEnv();
  const terminal = humanOutput(env, process.stdout.isTTY === true);
  const logger = createLogger(logLevelFor(env, terminal));
  const config = buildRuntimeConfig(env, env.PORT);
  const dev = env.NODE_ENV === "development";
  // One level up from both server/index.ts (npm run dev) and dist/server.js (npm start).
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const buildPath = join(root, "build", "index.js");

  const database = createDatabase({
    databaseUrl: env.DATABASE_URL,
    pgliteDir: config.pgliteDir,
    preparedStatements: env.DATABASE_PREPARED_STATEMENTS === "on",
  });
  logger.info({ driver: database.driver }, "database opened");
  // Demo data only in demo mode (env.ts resolves SEED_DEMO to "never" in production).
  await prepareData(database.db, { seedDemo: env.DATADOCK_MODE === "demo" && env.SEED_DEMO === "auto", logger });

  const collab = createLiveLayer({ db: database.db, logger, publicUrl: config.publicUrl, redisUrl: env.REDIS_URL });
  // Revoked sessions or removed permissions close that user's open sockets.
  const presence: { current?: Presence } = {}; // created with the HTTP server below
  const access = createAccessBroadcast({
    redisUrl: env.REDIS_URL,
    logger,
    apply(userId) {
      collab.closeUserConnections(userId, "access changed");
      const current = presence.current;
      if (current) void current.revalidateUser(userId).catch((err: unknown) => logger.warn({ err }, "presence revalidation failed"));
    },
  });
  const live: LiveHooks = {
    userAccessChanged: (userId: string) => access.publish(userId),
    documents: liveDocuments(collab),
  };
  const bulk: { runner?: BulkJobRunner } = {}; // started with the other jobs below
  const services = createServices(config, database, logger, live, { wake: () => bulk.runner?.wake() });
  // Side effects of committed changes, in one place (decision 030).
  const events = createEventDispatcher({
    db: database.db,
    instanceId: `${hostname()}:${env.PORT}`,
    logger,
    handlers: [
      liveHandler(database.db, logger, () => presence.current),
      notificationHandler({ db: database.db, mailer: services.mailer, publicUrl: config.publicUrl }),
      webhookHandler(database.db),
    ],
  });
  const webhooks = startWebhookDispatcher(database.db, 5_000, (err) => logger.warn({ err }, "webhook dispatch failed"), {
    allowedHosts: config.webhookAllowedHosts,
  });

  let build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = createHttpApp({
    services,
    logger,
    dev,
    getBuild: async () => build,
    publicDir: join(root, "public"),
    assetsDir: join(root, "public", "build"),
    trustProxy: env.TRUST_PROXY,
  });
  // URLs and headers up to 2 MiB reach Express, whose limits answer them in French (414 over 8 KiB
  // of URL): Node's own parser limit (16 KiB) would refuse them before any answer could be read.
  const server = createServer({ maxHeaderSize: 2 * 1024 * 1024 }, app);
  installClientErrorAnswers(server);
  presence.current = await createPresenceLayer(server, {
    db: database.db,
    logger,
    publicUrl: config.publicUrl,
    redisUrl: env.REDIS_URL,
    instanceId: `${hostname()}:${env.PORT}`, // a restart on the same host and port closes what the previous run left open
  });
  await events.start();
  // Daily jobs (circuit-court expiries, personal-data retention, late expert opinions, notification digests),
  // claimed once per day across instances (decision records 037, 039, 044, 046).
  const dailyJobs = startDailyJobs(database.db, logger, {
    retention: retentionPolicyOf(env),
    digest: { mailer: services.mailer, publicUrl: config.publicUrl },
  });
  // Bulk actions of the queue and the directory, each job run by one instance; progress to the requester's sockets (decision record 043).
  bulk.runner = startBulkJobRunner(database.db, {
    instanceId: `${hostname()}:${env.PORT}`,
    logger,
    onProgress: (view, userId) => presence.current?.bulkJobProgress(userId, view),
  });
  installUpgradeRouter(server, [
    { prefix: "/socket.io/", handle: null }, // socket.io answers its own upgrades
    { prefix: "/collab/", handle: collab.handleUpgrade },
  ]);
  const stopWatching = dev ? await watchDevBuild(buildPath, (next) => (build = next), logger) : () => {};

  installShutdown(
    server,
    [
      { name: "dev watcher", close: stopWatching },
      { name: "webhook dispatcher", close: () => webhooks.stop() },
      { name: "daily jobs", close: () => dailyJobs.stop() },
      { name: "bulk jobs", close: () => bulk.runner?.stop() },
      { name: "domain events", close: () => events.stop() },
      { name: "access broadcast", close: () => access.close() },
      { name: "presence", close: () => presence.current?.close() },
      { name: "collab", close: () => collab.close() },
      { name: "database", close: () => database.close() },
    ],
    logger,
  );

  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));
  logger.info({ url: config.publicUrl, port: env.PORT, host: env.HOST, mode: env.DATADOCK_MODE }, "Datadock is listening");
  if (terminal) process.stdout.write(`${readyLine(config.publicUrl, env.DATADOCK_MODE)}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    console.error("Datadock failed to start:", error);
  }
  process.exit(1);
});
