import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { Mailer } from "./mail/mailer";
import type { FileStore } from "./files/file-store";

export interface AppConfig {
  /** Absolute origin used in emailed links, e.g. http://localhost:3000. */
  publicUrl: string;
  /** Cookies marked Secure (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** Mails are stored locally and listed at /dev/mail (no SMTP_URL). */
  devMailbox: boolean;
  uploadMaxBytes: number;
}

/** Hooks the portal calls so the live layer can react (close sockets, push events). */
export interface LiveHooks {
  /** Sessions or permissions of a user changed: close their sockets that are no longer allowed. */
  userAccessChanged(userId: string): void;
  /** Portal events pushed to open pages (socket.io), called after the commit; absent when no live layer runs. */
  events?: LiveEvents;
}

/** Events the live layer forwards to the rooms concerned. */
export interface LiveEvents {
  threadMessage(event: {
    dossierId: string;
    threadId: string;
    messageId: string;
    indicatorCode: string;
    authorName: string;
    fromOf: boolean;
    body: string;
    createdAt: string;
  }): void;
}

/** What server/ hands to every loader and action through Remix's load context. */
export interface AppServices {
  db: Kysely<Database>;
  mailer: Mailer;
  /** Uploaded files' bytes: disk (DATA_DIR/files) or PostgreSQL, per FILE_STORE. */
  files: FileStore;
  config: AppConfig;
  live: LiveHooks;
  /** Resolves when the database answers; rejects otherwise. */
  pingDatabase(): Promise<void>;
}
