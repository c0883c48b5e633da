import type { Server } from "node:http";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { createPresence, type Presence, type PresencePlace } from "../collab/presence/index";
import { authenticateCookie } from "../domain/collab/collab-access.service";
import { dossierAccessFor, expertRequestAccessFor, ofOrganisationAccessFor } from "../domain/permissions/resource-access.service";
import { closeInstanceSessions, closePresenceSession, openPresenceSession } from "../domain/collab/presence-sessions.service";
import { findOpenCommittee } from "../domain/examination/committee.service";
import { recordActivity } from "../domain/collab/activity-feed.service";
import { primaryMembership, type Actor } from "../domain/permissions/actor";
import { liveSideOf } from "../domain/permissions/actor-side";
import { canCoordinate } from "../domain/permissions/policy";
import type { Logger } from "./logger";

/**
 * socket.io presence on the portal's server, authenticated by the session cookie, joins checked in domain/.
 * Presence sessions are rows of presence_sessions keyed by `instanceId`: the open ones are closed when
 * this instance starts (after a crash) and when it stops. Dossier joins and leaves go to the activity feed.
 */
export async function createPresenceLayer(
  server: Server,
  options: { db: Kysely<Database>; logger: Logger; publicUrl: string; redisUrl?: string; instanceId: string },
): Promise<Presence> {
  const { db, logger, instanceId } = options;
  const publicOrigin = new URL(options.publicUrl).origin;
  const stale = await closeInstanceSessions(db, instanceId, "restart");
  if (stale > 0) logger.info({ stale, instanceId }, "closed presence sessions left open by a previous run");

  const placeColumns = (place: PresencePlace) => ({
    place: place.kind,
    dossierId: place.kind === "dossier" ? place.id : null,
    organisationId: place.kind === "organisation" ? place.id : null,
  });
  const joinOrLeave = (kind: "join" | "leave", userId: string, name: string, place: PresencePlace) => {
    if (place.kind !== "dossier") return;
    void recordActivity(db, { kind, actorId: userId, actorName: name, dossierId: place.id })
      .then((item) => presence.activity(item))
      .catch((err: unknown) => logger.warn({ err }, "activity event not recorded"));
  };

  const presence = createPresence(server, {
    redisUrl: options.redisUrl,
    logger,
    isAllowedOrigin(origin, req) {
      if (!origin) return true;
      return origin === publicOrigin || origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`;
    },
    async authenticate(req) {
      const actor = await authenticateCookie(db, req.headers.cookie);
      if (!actor) return null;
      return {
        userId: actor.userId,
        name: actor.fullName || actor.email,
        role: liveSideOf(actor),
        organisationName: primaryMembership(actor)?.organisationName ?? "",
        actor,
      };
    },
    authorizeDossier: (identity, dossierId) => dossierAccessFor(db, identity.actor as Actor, dossierId),
    async committeeChairOf(dossierId) {
      const committee = await findOpenCommittee(db, dossierId);
      return committee ? committee.chairId : undefined;
    },
    authorizeOrganisation: (identity, organisationId) => ofOrganisationAccessFor(db, identity.actor as Actor, organisationId),
    authorizeExpertRequest: (identity, requestId) => expertRequestAccessFor(db, identity.actor as Actor, requestId),
    authorizeActivity: (identity) => canCoordinate(identity.actor as Actor),
    recorder: {
      async opened(identity, place) {
        const id = await openPresenceSession(db, { userId: identity.userId, instanceId, ...placeColumns(place) });
        joinOrLeave("join", identity.userId, identity.name, place);
        return id;
      },
      async closed(sessionId, identity, place, reason) {
        await closePresenceSession(db, sessionId, reason);
        joinOrLeave("leave", identity.userId, identity.name, place);
      },
    },
  });
  return {
    ...presence,
    async close() {
      await presence.close();
      await closeInstanceSessions(db, instanceId, "shutdown").catch((err: unknown) => logger.warn({ err }, "presence sessions not closed"));
    },
  };
}
