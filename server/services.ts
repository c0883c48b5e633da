import type { AppServices, BulkJobsHook, LiveHooks } from "../domain/context";
import type { DatabaseHandle } from "../db/client";
import type { RuntimeConfig } from "./config/runtime-config";
import type { Logger } from "./logger";
import { createFileMailer } from "./mail/file-mailer";
import { createSmtpMailer } from "./mail/smtp-mailer";
import { createDiskFileStore } from "../domain/files/disk-file-store";
import { createPostgresFileStore } from "../domain/files/postgres-file-store";

export function createServices(
  config: RuntimeConfig,
  database: DatabaseHandle,
  logger: Logger,
  live: LiveHooks,
  bulkJobs?: BulkJobsHook,
): AppServices {
  const mailer = config.env.SMTP_URL
    ? createSmtpMailer(config.env.SMTP_URL, `Datadock <no-reply@${new URL(config.publicUrl).hostname}>`, logger)
    : createFileMailer(config.mailDir, logger);
  return {
    db: database.db,
    mailer,
    files: config.env.FILE_STORE === "postgres" ? createPostgresFileStore(database.db) : createDiskFileStore(config.filesDir),
    config: {
      publicUrl: config.publicUrl,
      secureCookies: config.secureCookies,
      mode: config.mode,
      devMailbox: config.devMailbox,
      uploadMaxBytes: config.uploadMaxBytes,
      cookieSecret: config.cookieSecret,
      webhookAllowedHosts: config.webhookAllowedHosts,
    },
    live,
    bulkJobs,
    pingDatabase: () => database.ping(),
  };
}
