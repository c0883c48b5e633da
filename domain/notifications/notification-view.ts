import { dayKeyInParis, formatDate, formatRelativeDay } from "../i18n/format";
import { statusLabel } from "../i18n/labels";
import { DELAY_STAGE_LABEL_KEYS, isDelayStage } from "../delays/delay-rules";
import { translate, type MessageKey } from "../i18n/translate";

/**
 * What a notification shows: its French text (typed keys, one per kind) and the exact place it
 * leads to (the indicator page, the thread message, the examination page). Pure: the page and the
 * emails share it.
 */
export const NOTIFICATION_KINDS = [
  "dossier.status_changed",
  "indicator.reason",
  "message.posted",
  "mention",
  "examination.datadocke",
  "examination.sent_back",
  "examination.non_conforme",
  "control.opened",
  "control.dereferenced",
  "dossier.reopened",
  "corrective_action.accepted",
  "circuit_court.validated",
  "circuit_court.refused",
  "circuit_court.expiring",
  "circuit_court.expired",
  "revision.pending",
  "revision.validated",
  "revision.sent_back",
  "expert.requested",
  "expert.answered",
  "expert.message",
  "expert.withdrawn",
  "expert.overdue",
  "expert.late",
  "dossier.resubmitted",
  "deadline.due_soon",
  "deadline.late",
  "deadline.late_list",
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One message per kind: a new kind without its message fails typecheck. */
export const NOTIFICATION_MESSAGE_KEYS: Readonly<Record<NotificationKind, MessageKey>> = {
  "dossier.status_changed": "notifications.kind.dossier.status_changed",
  "indicator.reason": "notifications.kind.indicator.reason",
  "message.posted": "notifications.kind.message.posted",
  mention: "notifications.kind.mention",
  "examination.datadocke": "notifications.kind.examination.datadocke",
  "examination.sent_back": "notifications.kind.examination.sent_back",
  "examination.non_conforme": "notifications.kind.examination.non_conforme",
  "control.opened": "notifications.kind.control.opened",
  "control.dereferenced": "notifications.kind.control.dereferenced",
  "dossier.reopened": "notifications.kind.dossier.reopened",
  "corrective_action.accepted": "notifications.kind.corrective_action.accepted",
  "circuit_court.validated": "notifications.kind.circuit_court.validated",
  "circuit_court.refused": "notifications.kind.circuit_court.refused",
  "circuit_court.expiring": "notifications.kind.circuit_court.expiring",
  "circuit_court.expired": "notifications.kind.circuit_court.expired",
  "revision.pending": "notifications.kind.revision.pending",
  "revision.validated": "notifications.kind.revision.validated",
  "revision.sent_back": "notifications.kind.revision.sent_back",
  "expert.requested": "notifications.kind.expert.requested",
  "expert.answered": "notifications.kind.expert.answered",
  "expert.message": "notifications.kind.expert.message",
  "expert.withdrawn": "notifications.kind.expert.withdrawn",
  "expert.overdue": "notifications.kind.expert.overdue",
  "expert.late": "notifications.kind.expert.late",
  "dossier.resubmitted": "notifications.kind.dossier.resubmitted",
  "deadline.due_soon": "notifications.kind.deadline.due_soon",
  "deadline.late": "notifications.kind.deadline.late",
  "deadline.late_list": "notifications.kind.deadline.late_list",
};

/** The recipient's side: an OF member reads the dossier from /organisme, a funder or coordinator from /financeur. */
export type NotificationSide = "of" | "funder";

export function isNotificationKind(kind: string): kind is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind);
}

function text(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

/** A payload value as the message shows it: a status or a delay stage by its French name, a due day as a date. */
function param(name: string, value: unknown): string {
  if (name === "status") return statusLabel(text(value));
  if (name === "stage") return isDelayStage(value) ? translate(DELAY_STAGE_LABEL_KEYS[value]) : text(value);
  if (name === "dueOn" || name === "day") return formatDate(text(value) || null);
  return text(value);
}

/** The text of a notification, for the list and for its email. A kind the catalogue does not know shows a generic message. */
export function describeNotification(kind: string, payload: Record<string, unknown>): string {
  if (!isNotificationKind(kind)) return translate("notifications.kind.unknown");
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(payload)) params[name] = param(name, value);
  if (Array.isArray(payload.indicators)) params.count = payload.indicators.length;
  return translate(NOTIFICATION_MESSAGE_KEYS[kind], params);
}

const indicatorPath = (code: string) => `/organisme/dossier/indicateur/${encodeURIComponent(code)}`;
const messageAnchor = (messageId: string) => (messageId ? `#message-${encodeURIComponent(messageId)}` : "");
const threadAnchor = (code: string) => `#thread-${code.replace(/[^0-9A-Za-z]/g, "-")}`;

/** The exact place a notification leads to, on the recipient's side. */
export function notificationPath(kind: string, payload: Record<string, unknown>, side: NotificationSide): string {
  const code = text(payload.code);
  const dossierId = text(payload.dossierId ?? payload.dossier_id);
  const messageId = text(payload.messageId);
  const requestId = text(payload.requestId);
  switch (kind) {
    // Expert opinions (issue 15.7): the expert's page of the request, or the review room's panel.
    case "expert.requested":
    case "expert.message":
    case "expert.overdue":
      return requestId ? `/avis/${encodeURIComponent(requestId)}` : "/avis";
    case "expert.withdrawn":
      return "/avis";
    case "expert.answered":
    case "expert.late":
      return dossierId ? `/financeur/examens/${encodeURIComponent(dossierId)}#avis-experts` : "/financeur/examens";
    case "indicator.reason":
    case "corrective_action.accepted":
    case "revision.validated":
    case "revision.sent_back":
      return code ? indicatorPath(code) : "/organisme/dossier";
    case "dossier.resubmitted":
    case "deadline.due_soon":
    case "deadline.late":
      return dossierId ? `/financeur/examens/${encodeURIComponent(dossierId)}` : "/financeur/examens";
    case "deadline.late_list":
      return "/financeur/examens?delai=retard";
    case "revision.pending":
      if (!dossierId) return "/financeur/examens";
      return `/financeur/examens/${encodeURIComponent(dossierId)}${code ? `?indicateur=${encodeURIComponent(code)}` : ""}`;
    case "dossier.reopened":
    case "circuit_court.expired":
      if (side === "funder") return dossierId ? `/financeur/examens/${encodeURIComponent(dossierId)}` : "/financeur/examens";
      return "/organisme/dossier";
    case "message.posted":
    case "mention":
      if (side === "funder") {
        if (!dossierId) return "/financeur/examens";
        return `/financeur/examens/${encodeURIComponent(dossierId)}${code ? threadAnchor(code) : ""}`;
      }
      return code ? `${indicatorPath(code)}${messageAnchor(messageId)}` : "/organisme/dossier";
    default:
      return side === "funder" ? "/financeur/examens" : "/organisme/dossier";
  }
}

export interface NotificationGroup<T> {
  /** The Paris day (yyyy-mm-dd). */
  day: string;
  /** "Aujourd'hui", "Hier" or the day in words. */
  label: string;
  items: T[];
}

/** Groups notifications (newest first) by their day in Paris. */
export function groupNotificationsByDay<T extends { createdAt: string }>(
  items: readonly T[],
  now: Date = new Date(),
): NotificationGroup<T>[] {
  const groups: NotificationGroup<T>[] = [];
  for (const item of items) {
    const day = dayKeyInParis(item.createdAt);
    const last = groups.at(-1);
    if (last && last.day === day) last.items.push(item);
    else groups.push({ day, label: formatRelativeDay(item.createdAt, now), items: [item] });
  }
  return groups;
}
