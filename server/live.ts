import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { createCollab, type Collab } from "../collab/index";
import { PostgresPersistence } from "../collab/yjs/postgres-persistence";
import { authenticateCookie } from "../domain/collab/collab-access.service";
import { collabAccessFor } from "../domain/permissions/resource-access.service";
import { reviewOutlineFor } from "../domain/collab/review-outline";
import type { LiveDocuments } from "../domain/context";
import { formatDocumentName } from "../collab/shared/document-names";
import { seedReviewSectionsOnLoad } from "../collab/yjs/review-sections";
import { restoreDocument, snapshotDocument } from "../collab/yjs/document-versions";
import type { Actor } from "../domain/permissions/actor";
import type { Logger } from "./logger";

/** The live layer: the Yjs websocket server, authenticated with the portal's session and policy. */
export function createLiveLayer(options: { db: Kysely<Database>; logger: Logger; publicUrl: string; redisUrl?: string }): Collab {
  const { db, logger } = options;
  const publicOrigin = new URL(options.publicUrl).origin;
  return createCollab({
    persistence: new PostgresPersistence(db, { logger }),
    logger,
    // The review notes start with a heading per criterion and indicator (decision 014).
    hooks: { onLoad: seedReviewSectionsOnLoad((dossierId) => reviewOutlineFor(db, dossierId), logger) },
    redis: options.redisUrl ? { url: options.redisUrl } : undefined,
    isAllowedOrigin(origin, req) {
      if (!origin) return true; // non-browser clients carry no ambient authority
      return origin === publicOrigin || origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`;
    },
    async authenticate(req) {
      const actor = await authenticateCookie(db, req.headers.cookie);
      return actor ? { userId: actor.userId, name: actor.fullName || actor.email, actor } : null;
    },
    async authorize(identity, document) {
      return collabAccessFor(db, identity.actor as Actor, document);
    },
  });
}

/** Snapshot and restore of live documents, for the portal's named versions. */
export function liveDocuments(collab: Collab): LiveDocuments {
  return {
    snapshot: (document) => snapshotDocument(collab.registry, formatDocumentName(document)),
    restore: (document, state) => restoreDocument(collab.registry, formatDocumentName(document), state),
  };
}
