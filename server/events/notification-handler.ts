import type { StoredDomainEvent } from "../../domain/events/domain-event";
import { notifyIfStatusChanged, notifyOfReasonOnIndicator, type NotifyDeps } from "../../domain/notifications/of-notify";
import type { EventHandler } from "./dispatcher";

/**
 * What the OF hears when funders act: taking or assigning its dossier (when the status moved) and a
 * reason on an indicator, in-app and by email. Submission and closing notify in their own
 * transaction (their mails carry the outcome's details), so their events are not handled here.
 */
export function notificationHandler(deps: NotifyDeps): EventHandler {
  return {
    name: "notifications",
    async handle(event: StoredDomainEvent) {
      if (event.type === "dossier.status_changed") {
        const p = event.payload;
        if (p.cause === "take" || p.cause === "assign") await notifyIfStatusChanged(deps, p.dossierId, p.from, p.to);
      } else if (event.type === "indicator.decided") {
        const p = event.payload;
        await notifyOfReasonOnIndicator(deps, {
          dossier_id: p.dossierId,
          indicator_id: p.indicatorId,
          decision: p.decision,
          reason: p.reason,
        });
      }
    },
  };
}
