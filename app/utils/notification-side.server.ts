import type { Actor } from "../../domain/permissions/actor";
import type { NotificationSide } from "../../domain/notifications/notification-view";

/** An OF member reads its dossier from /organisme; funders and the coordination from /financeur. */
export function notificationSide(actor: Actor): NotificationSide {
  return actor.memberships.some((m) => m.organisationKind === "of") ? "of" : "funder";
}
