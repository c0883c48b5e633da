import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Presence } from "../../collab/presence/index";
import { recordActivity, type ActivityInput } from "../../domain/collab/activity-feed.service";
import type { EventActor, StoredDomainEvent } from "../../domain/events/domain-event";
import type { Logger } from "../logger";
import type { EventHandler } from "./dispatcher";

/**
 * Domain events to the activity feed and the live rooms (decision 015): each is stored as an
 * activity line, pushed to the coordinators' Activité page, then to the dossier's and the
 * organisation's rooms. The Redis adapter carries the pushes to every instance.
 */
/** Who changed which dossier: where every dossier change of the feed starts. */
function byActorOn(p: { actor: EventActor; dossierId: string }) {
  return { actorId: p.actor.userId, actorName: p.actor.name, dossierId: p.dossierId };
}

export function liveHandler(db: Kysely<Database>, logger: Logger, presence: () => Presence | undefined): EventHandler {
  const record = async (input: ActivityInput) => {
    const item = await recordActivity(db, input);
    presence()?.activity(item);
    return item;
  };
  async function dossierChanged(kind: "decision" | "status" | "evidence", input: Omit<ActivityInput, "kind">) {
    const item = await record({ kind, ...input });
    if (!item.dossierId) return;
    presence()?.dossierChanged({
      dossierId: item.dossierId,
      organisationId: item.organisationId,
      kind,
      indicatorCode: item.indicatorCode,
      at: item.createdAt,
    });
  }
  return {
    name: "live",
    async handle(event: StoredDomainEvent) {
      switch (event.type) {
        case "dossier.status_changed": {
          const p = event.payload;
          // A control's status change is traced by the control service (dossier_events), not in the feed.
          if (p.cause === "control") return;
          return dossierChanged("status", {
            ...byActorOn(p),
            organisationId: p.organisationId,
            detail: p.detail ?? p.to,
          });
        }
        case "indicator.decided": {
          const p = event.payload;
          return dossierChanged("decision", {
            ...byActorOn(p),
            indicatorId: p.indicatorId,
            indicatorCode: p.indicatorCode,
            detail: p.decision,
          });
        }
        case "evidence.changed": {
          const p = event.payload;
          return dossierChanged("evidence", {
            ...byActorOn(p),
            organisationId: p.organisationId,
            indicatorCode: p.indicatorCode,
            detail: p.label,
          });
        }
        case "thread.message_posted": {
          // Who is notified stays on the server: the rooms get the message as before.
          const { authorId, recipients: _recipients, ...message } = event.payload;
          const item = await record({
            kind: "message",
            actorId: authorId,
            actorName: message.authorName,
            dossierId: message.dossierId,
            indicatorCode: message.indicatorCode,
          }).catch((err: unknown) => {
            logger.warn({ err }, "activity event not recorded");
            return null;
          });
          const organisationId = item?.organisationId ?? null;
          presence()?.threadMessage(message);
          presence()?.threadChanged({ dossierId: message.dossierId, code: message.indicatorCode, kind: "message", userId: authorId });
          presence()?.dossierChanged({
            dossierId: message.dossierId,
            organisationId,
            kind: "message",
            indicatorCode: message.indicatorCode,
            at: message.createdAt,
          });
          return;
        }
        case "thread.changed": {
          const p = event.payload;
          presence()?.threadChanged({ ...p, dossierId: p.dossierId.toLowerCase() });
          return;
        }
        case "committee.ended": {
          // Not in the activity feed (a committee is the reviewers' own business): their open rooms reload.
          presence()?.committeeChanged(event.payload.dossierId.toLowerCase());
          return;
        }
        // Expert opinions (decision record 044): the request's room and the dossier's funder side only, not the feed.
        case "expert_request.created":
        case "expert_request.message_posted":
        case "expert_request.withdrawn": {
          const p = event.payload;
          const kind =
            event.type === "expert_request.created" ? "requested" : event.type === "expert_request.withdrawn" ? "withdrawn" : "message";
          presence()?.expertRequestChanged({ requestId: p.requestId, dossierId: p.dossierId.toLowerCase(), kind });
          return;
        }
      }
    },
  };
}
