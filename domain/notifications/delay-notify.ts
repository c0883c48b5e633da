import type { DeadlineReminder, DossierStatusChanged, LateDossierList } from "../events/domain-event";
import { DELAY_STAGE_LABEL_KEYS } from "../delays/delay-rules";
import { formatDate, tp } from "../i18n/format";
import { translate } from "../i18n/translate";
import { notifyUsers, sendAll } from "./notifications.service";
import { notifyAndEmail, type NotifyDeps } from "./of-notify";
import { channelsFor } from "./notification-preferences";

/**
 * Who hears of delays (issue 15.2, decision record 045), called after the commit by
 * server/events/notification-handler.ts: the examiner and co-examiners of a dossier whose stage is
 * due soon or late (in-app and by email), the coordination's daily list of late dossiers (in-app,
 * and the list by email), and the examiners of a dossier the OF resubmitted (in-app and by email).
 */

const examinationPath = (dossierId: string) => `/financeur/examens/${encodeURIComponent(dossierId)}`;

export async function notifyOfDeadline(deps: NotifyDeps, reminder: DeadlineReminder): Promise<void> {
  await notifyAndEmail(
    deps,
    reminder.examinerIds,
    reminder.when === "late" ? "deadline.late" : "deadline.due_soon",
    { dossierId: reminder.dossierId, organisation: reminder.organisationName, stage: reminder.stage, dueOn: reminder.dueOn },
    examinationPath(reminder.dossierId),
  );
}

/** The OF resubmitted a dossier: its examiner and co-examiners hear it is back, with the indicators changed. */
export async function notifyOfResubmission(deps: NotifyDeps, change: DossierStatusChanged): Promise<void> {
  const notice = change.resubmission;
  if (!notice) return;
  await notifyAndEmail(
    deps,
    notice.examinerIds.filter((id) => id !== change.actor.userId),
    "dossier.resubmitted",
    { dossierId: change.dossierId, organisation: notice.organisationName, codes: notice.changedCodes.join(", ") || "—" },
    examinationPath(change.dossierId),
  );
}

/** The coordination's daily list: one notification each, and the list by e-mail to those who chose it (decision 047). */
export async function notifyOfLateList(deps: NotifyDeps, list: LateDossierList): Promise<void> {
  if (list.coordinatorIds.length === 0 || list.total === 0) return;
  await notifyUsers(deps.db, list.coordinatorIds, "deadline.late_list", { count: list.total, day: list.day });
  // The list by mail to those who chose an immediate e-mail; the digest carries it for the others who chose it.
  const channels = await channelsFor(deps.db, list.coordinatorIds, "deadline.late_list");
  const mailed = list.coordinatorIds.filter((id) => channels.get(id) === "immediate");
  if (mailed.length === 0) return;
  const users = await deps.db.selectFrom("users").select("email").where("id", "in", mailed).execute();
  const lines = list.dossiers.map((d) =>
    translate("delays.mail.lateList.line", {
      organisation: d.organisationName,
      stage: translate(DELAY_STAGE_LABEL_KEYS[d.stage]),
      due: formatDate(d.dueOn),
      examiner: d.examinerName ?? translate("examination.queue.unassigned"),
      url: `${deps.publicUrl}${examinationPath(d.dossierId)}`,
    }),
  );
  const more = list.total - list.dossiers.length;
  const subject = `${translate("app.name")} — ${tp("delays.mail.lateList.subject", list.total)}`;
  const text = [
    tp("delays.mail.lateList.intro", list.total, { date: formatDate(list.day) }),
    "",
    ...lines,
    ...(more > 0 ? ["", tp("delays.mail.lateList.more", more)] : []),
    "",
    `${translate("notifications.email.open")} ${deps.publicUrl}/financeur/examens?delai=retard`,
    "",
  ].join("\n");
  await sendAll(
    deps.mailer,
    users.map((u) => ({ to: u.email, subject, text })),
  );
}
