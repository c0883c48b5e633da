import type { Actor } from "../permissions/actor";
import { notificationAudiencesOf, type NotificationAudience } from "../permissions/policy";
import { NOTIFICATION_KINDS, type NotificationKind } from "./notification-view";

/**
 * Who can receive each kind of notification, so that the preferences page offers a person the kinds
 * that concern them (an OF's staff never hear of expert requests; a funder's examiner never of their
 * "own dossier"). "funder" covers the coordination too (it acts on the funders' side); "expert" is
 * whoever answers an expert request: an outside expert, or a member of another funder.
 */
export type { NotificationAudience };

export const NOTIFICATION_AUDIENCES: Readonly<Record<NotificationKind, readonly NotificationAudience[]>> = {
  "dossier.status_changed": ["of"],
  "indicator.reason": ["of"],
  "message.posted": ["of", "funder"],
  mention: ["of", "funder"],
  "examination.datadocke": ["of"],
  "examination.sent_back": ["of"],
  "examination.non_conforme": ["of"],
  "control.opened": ["of"],
  "control.dereferenced": ["of"],
  "dossier.reopened": ["of"],
  "corrective_action.accepted": ["of"],
  "circuit_court.validated": ["of"],
  "circuit_court.refused": ["of"],
  "circuit_court.expiring": ["of"],
  "circuit_court.expired": ["of"],
  "revision.pending": ["funder"],
  "revision.validated": ["of"],
  "revision.sent_back": ["of"],
  "expert.requested": ["expert"],
  "expert.answered": ["funder"],
  "expert.message": ["funder", "expert"],
  "expert.withdrawn": ["expert"],
  "expert.overdue": ["expert"],
  "expert.late": ["funder"],
  "dossier.resubmitted": ["funder"],
  "deadline.due_soon": ["funder"],
  "deadline.late": ["funder"],
  "deadline.late_list": ["coordination"],
};

/** The kinds that concern this person, in the catalogue's order. */
export function notificationKindsFor(actor: Actor): NotificationKind[] {
  const audiences = notificationAudiencesOf(actor);
  return NOTIFICATION_KINDS.filter((kind) => NOTIFICATION_AUDIENCES[kind].some((a) => audiences.has(a)));
}
