import type { ExpertMessagePosted, ExpertRequestCreated, ExpertRequestOverdue, ExpertRequestWithdrawn } from "../events/domain-event";
import { formatDate } from "../i18n/format";
import { emailUsers, notifyUsers, type NotificationKind } from "./notifications.service";
import { notificationPath } from "./notification-view";
import type { NotifyDeps } from "./of-notify";

/**
 * Who hears of expert opinions (issue 15.7, decision record 044), called after the commit by
 * server/events/notification-handler.ts: the expert of a new request (in-app, and by mail unless their
 * invitation mail already told them), the examiners of the expert's messages and the expert of the
 * examiners', the expert of a withdrawal, and — every few days while it is late — the expert and the
 * examiner who asked. Never the OF: nothing here names its members.
 */

async function tell(deps: NotifyDeps, userIds: string[], kind: NotificationKind, payload: Record<string, unknown>, mail = true) {
  const recipients = [...new Set(userIds)];
  if (recipients.length === 0) return;
  await notifyUsers(deps.db, recipients, kind, payload);
  if (mail) await emailUsers(deps.db, deps.mailer, deps.publicUrl, recipients, kind, payload, notificationPath(kind, payload, "funder"));
}

export async function notifyOfExpertRequest(deps: NotifyDeps, created: ExpertRequestCreated): Promise<void> {
  await tell(
    deps,
    [created.expertUserId],
    "expert.requested",
    {
      requestId: created.requestId,
      author: created.actor.name,
      organisation: created.organisationName,
      codes: created.indicatorCodes.join(", "),
      due: formatDate(created.dueOn),
    },
    !created.invited,
  );
}

export async function notifyOfExpertMessage(deps: NotifyDeps, posted: ExpertMessagePosted): Promise<void> {
  const payload = {
    requestId: posted.requestId,
    dossierId: posted.dossierId,
    messageId: posted.messageId,
    author: posted.actor.name,
    organisation: posted.organisationName,
  };
  if (posted.fromExpert) await tell(deps, posted.examinerIds, "expert.answered", payload);
  else if (posted.expertUserId !== posted.actor.userId) await tell(deps, [posted.expertUserId], "expert.message", payload);
}

export async function notifyOfExpertWithdrawal(deps: NotifyDeps, withdrawn: ExpertRequestWithdrawn): Promise<void> {
  await tell(deps, [withdrawn.expertUserId], "expert.withdrawn", {
    requestId: withdrawn.requestId,
    organisation: withdrawn.organisationName,
  });
}

export async function notifyOfLateExpertRequest(deps: NotifyDeps, late: ExpertRequestOverdue): Promise<void> {
  const payload = {
    requestId: late.requestId,
    dossierId: late.dossierId,
    organisation: late.organisationName,
    expert: late.expertName,
    due: formatDate(late.dueOn),
  };
  await tell(deps, [late.expertUserId], "expert.overdue", payload);
  if (late.requestedBy) await tell(deps, [late.requestedBy], "expert.late", payload);
}
