import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { Mailer } from "./mail/mailer";
import type { FileStore } from "./files/file-store";

export interface AppConfig {
  /** Absolute origin used in emailed links, e.g. http://localhost:3000. */
  publicUrl: string;
  /** Cookies marked Secure (PUBLIC_URL is https). */
  secureCookies: boolean;
  /**
   * DATADOCK_MODE: "demo" is the local demonstration (demo accounts, banner, local mailbox);
   * absent means production.
   */
  mode?: "demo" | "production";
  /** Demo mode without SMTP_URL: mails are stored locally and listed at /dev/mail (loopback visitors only). */
  devMailbox: boolean;
  uploadMaxBytes: number;
  /** Signs the portal's small cookies (flash toasts): SESSION_SECRET or the one kept in DATA_DIR. */
  cookieSecret: string;
  /** Webhook hosts allowed to resolve to inside addresses (WEBHOOK_ALLOWED_HOSTS; tests only). */
  webhookAllowedHosts?: readonly string[];
}

/** Hooks the portal calls so the live layer can react (close sockets). Events are not pushed from here: services record domain events (domain/events/). */
export interface LiveHooks {
  /** Sessions or permissions of a user changed: close their sockets that are no longer allowed. */
  userAccessChanged(userId: string): void;
  /** The collaborative documents as the live layer holds them (named versions); absent when no live layer runs. */
  documents?: LiveDocuments;
}

/** Server-side access to a collaborative document, whether or not someone has it open. */
export interface LiveDocuments {
  /** The document's whole current state (a Yjs update). */
  snapshot(document: LiveDocumentRef): Promise<Uint8Array>;
  /** Applies a saved state's content as a new change that every connected client receives; resolves once stored. */
  restore(document: LiveDocumentRef, state: Uint8Array): Promise<void>;
}

/** A collaborative document by its subject (the live layer formats its name). */
export interface LiveDocumentRef {
  kind: "dossier" | "evidence" | "organisation";
  id: string;
}

/** The bulk jobs' runner of this instance (decision record 043): told when a job is recorded so it starts at once. */
export interface BulkJobsHook {
  wake(): void;
}

/** What server/ hands to every loader and action through Remix's load context. */
export interface AppServices {
  db: Kysely<Database>;
  mailer: Mailer;
  /** Uploaded files' bytes: disk (DATA_DIR/files) or PostgreSQL, per FILE_STORE. */
  files: FileStore;
  config: AppConfig;
  live: LiveHooks;
  /** Absent where no runner runs (a test drives the runner itself): the job waits for a runner's poll. */
  bulkJobs?: BulkJobsHook;
  /** Resolves when the database answers; rejects otherwise. */
  pingDatabase(): Promise<void>;
}
