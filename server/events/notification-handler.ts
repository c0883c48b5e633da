import type { StoredDomainEvent } from "../../domain/events/domain-event";
import {
  notifyIfStatusChanged,
  notifyOfClosing,
  notifyOfControl,
  notifyOfReasonOnIndicator,
  notifyOfStatusChange,
  type NotifyDeps,
} from "../../domain/notifications/of-notify";
import { notifyOfThreadMessage } from "../../domain/notifications/thread-notify";
import {
  notifyOfCertificateExpiry,
  notifyOfCertificateReview,
  notifyOfCorrectiveActionAccepted,
  notifyOfReopen,
  notifyOfRevisionDecided,
  notifyOfRevisionOpened,
} from "../../domain/notifications/lifecycle-notify";
import {
  notifyOfExpertMessage,
  notifyOfExpertRequest,
  notifyOfExpertWithdrawal,
  notifyOfLateExpertRequest,
} from "../../domain/notifications/expert-notify";
import { notifyOfDeadline, notifyOfLateList, notifyOfResubmission } from "../../domain/notifications/delay-notify";
import type { EventHandler } from "./dispatcher";

/**
 * What the OF hears of its dossier, in-app and by email: its submission, a take or assignment that
 * moved the status, a closing outcome (with its list and message), a control opened or a
 * déréférencement (with the reason), and a reason on an indicator. What a thread's participants hear
 * of a message posted there (in-app: "message.posted", or "mention" for those it names). The later
 * life of a dossier (lifecycle-notify.ts): a reopened round, an accepted corrective action, the
 * check and the expiry of a circuit-court certificate, an update of a datadocké dossier and its outcome.
 * Expert opinions (expert-notify.ts): the expert and the examiners, never the OF.
 * Delays (delay-notify.ts): a stage due soon or late (its examiners), the coordination's daily list of
 * late dossiers, a resubmission (the dossier's examiners).
 * The one place notifications are written and mailed (decision 030).
 */
export function notificationHandler(deps: NotifyDeps): EventHandler {
  return {
    name: "notifications",
    async handle(event: StoredDomainEvent) {
      if (event.type === "dossier.status_changed") {
        const p = event.payload;
        if (p.cause === "take" || p.cause === "assign") await notifyIfStatusChanged(deps, p.dossierId, p.from, p.to);
        else if (p.cause === "submit") {
          await notifyOfStatusChange(deps, p.dossierId, p.to);
          await notifyOfResubmission(deps, p);
        } else if (p.cause === "close" && p.closing) await notifyOfClosing(deps, p.dossierId, p.closing);
        else if (p.cause === "control" && p.control) await notifyOfControl(deps, p.dossierId, p.control);
        else if (p.cause === "reopen") await notifyOfReopen(deps, p);
      } else if (event.type === "indicator.decided") {
        const p = event.payload;
        await notifyOfReasonOnIndicator(deps, {
          dossier_id: p.dossierId,
          indicator_id: p.indicatorId,
          decision: p.decision,
          reason: p.reason,
        });
      } else if (event.type === "thread.message_posted") {
        await notifyOfThreadMessage(deps, event.payload);
      } else if (event.type === "corrective_action.accepted") {
        await notifyOfCorrectiveActionAccepted(deps, event.payload);
      } else if (event.type === "circuit_court.reviewed") {
        await notifyOfCertificateReview(deps, event.payload);
      } else if (event.type === "circuit_court.expiry") {
        await notifyOfCertificateExpiry(deps, event.payload);
      } else if (event.type === "answer_revision.opened") {
        await notifyOfRevisionOpened(deps, event.payload);
      } else if (event.type === "answer_revision.decided") {
        await notifyOfRevisionDecided(deps, event.payload);
      } else if (event.type === "expert_request.created") {
        await notifyOfExpertRequest(deps, event.payload);
      } else if (event.type === "expert_request.message_posted") {
        await notifyOfExpertMessage(deps, event.payload);
      } else if (event.type === "expert_request.withdrawn") {
        await notifyOfExpertWithdrawal(deps, event.payload);
      } else if (event.type === "expert_request.overdue") {
        await notifyOfLateExpertRequest(deps, event.payload);
      } else if (event.type === "deadline.reminder") {
        await notifyOfDeadline(deps, event.payload);
      } else if (event.type === "deadline.late_list") {
        await notifyOfLateList(deps, event.payload);
      }
    },
  };
}
