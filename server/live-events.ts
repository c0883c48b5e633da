import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { Presence } from "../collab/presence/index";
import type { LiveEvents } from "../domain/context";
import { recordActivity, type ActivityInput } from "../domain/collab/activity-feed.service";
import type { Logger } from "./logger";

/**
 * The portal's live events (called by routes after their service committed): each is stored in the
 * activity feed, then pushed to the dossier's and organisation's rooms and to the Activité page.
 * Failures are logged: the change itself is already committed.
 */
export function createLiveEvents(db: Kysely<Database>, logger: Logger, presence: () => Presence | undefined): LiveEvents {
  const record = (input: ActivityInput) =>
    recordActivity(db, input).then((item) => {
      presence()?.activity(item);
      return item;
    });
  return {
    threadMessage(event) {
      const { authorId, ...message } = event;
      void record({ kind: "message", actorId: authorId ?? null, actorName: event.authorName, dossierId: event.dossierId, indicatorCode: event.indicatorCode })
        .catch((err: unknown) => {
          logger.warn({ err }, "activity event not recorded");
          return null;
        })
        .then((item) => {
          const organisationId = item?.organisationId ?? null;
          presence()?.threadMessage(message);
          presence()?.threadChanged({ dossierId: event.dossierId, code: event.indicatorCode, kind: "message", userId: authorId ?? "" });
          presence()?.dossierChanged({ dossierId: event.dossierId, organisationId, kind: "message", indicatorCode: event.indicatorCode, at: event.createdAt });
        })
        .catch((err: unknown) => logger.warn({ err }, "live thread message not pushed"));
    },
    threadChanged(change) {
      try {
        presence()?.threadChanged({ ...change, dossierId: change.dossierId.toLowerCase() });
      } catch (err) {
        logger.warn({ err }, "live thread change not pushed");
      }
    },
    dossierChanged(change) {
      void record({
        kind: change.kind,
        actorId: change.actor.userId,
        actorName: change.actor.name,
        dossierId: change.dossierId ?? null,
        organisationId: change.organisationId ?? null,
        indicatorId: change.indicatorId ?? null,
        indicatorCode: change.indicatorCode ?? null,
        detail: change.detail ?? null,
      })
        .then((item) => {
          if (!item.dossierId) return;
          presence()?.dossierChanged({
            dossierId: item.dossierId,
            organisationId: item.organisationId,
            kind: change.kind,
            indicatorCode: item.indicatorCode,
            at: item.createdAt,
          });
        })
        .catch((err: unknown) => logger.warn({ err, kind: change.kind }, "live dossier event failed"));
    },
  };
}
