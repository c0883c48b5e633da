import type { Server } from "node:http";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { createPresence, type Presence } from "../collab/presence/index";
import { authenticateCookie } from "../domain/collab/collab-access.service";
import { dossierRoomAccess } from "../domain/collab/presence-access.service";
import { isCoordinator, isFunderMember, primaryMembership, type Actor } from "../domain/permissions/actor";
import type { Logger } from "./logger";

/** socket.io presence on the portal's server, authenticated by the session cookie, joins checked in domain/. */
export function createPresenceLayer(server: Server, options: { db: Kysely<Database>; logger: Logger; publicUrl: string; redisUrl?: string }): Presence {
  const { db } = options;
  const publicOrigin = new URL(options.publicUrl).origin;
  return createPresence(server, {
    redisUrl: options.redisUrl,
    logger: options.logger,
    isAllowedOrigin(origin, req) {
      if (!origin) return true;
      return origin === publicOrigin || origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`;
    },
    async authenticate(req) {
      const actor = await authenticateCookie(db, req.headers.cookie);
      if (!actor) return null;
      const role = isFunderMember(actor) ? "funder" : isCoordinator(actor) ? "coordinator" : "of";
      return {
        userId: actor.userId,
        name: actor.fullName || actor.email,
        role,
        organisationName: primaryMembership(actor)?.organisationName ?? "",
        actor,
      };
    },
    authorizeDossier: (identity, dossierId) => dossierRoomAccess(db, identity.actor as Actor, dossierId),
  });
}

