import type { Executor } from "../../db/executor";
import type { DossierStatus } from "../../db/schema";
import type { Mailer } from "../mail/mailer";
import type { ClosingOutcome, ControlNotice } from "../events/domain-event";
import { emailUsers, memberUserIds, notifyOrganisation, notifyUsers, sendAll, type NotificationKind } from "./notifications.service";

/**
 * What the OF hears of its dossier (called after the commit by server/events/notification-handler.ts):
 * an in-app notification for every member of the OF and an email for each status change, new reason,
 * closing outcome, control opened and déréférencement.
 */
export interface NotifyDeps {
  db: Executor;
  mailer: Mailer;
  publicUrl: string;
}

/** In-app notifications to these users, and the mail of the same kind to those who chose it (decision 047). */
export async function notifyAndEmail(
  deps: NotifyDeps,
  userIds: string[],
  kind: NotificationKind,
  payload: Record<string, unknown>,
  path: string,
): Promise<void> {
  if (userIds.length === 0) return;
  await notifyUsers(deps.db, userIds, kind, payload);
  await emailUsers(deps.db, deps.mailer, deps.publicUrl, userIds, kind, payload, path);
}

async function organisationOf(db: Executor, dossierId: string): Promise<string | null> {
  const row = await db.selectFrom("dossiers").select("organisation_id").where("id", "=", dossierId).executeTakeFirst();
  return row?.organisation_id ?? null;
}

export async function notifyOfStatusChange(deps: NotifyDeps, dossierId: string, status: DossierStatus): Promise<void> {
  const organisationId = await organisationOf(deps.db, dossierId);
  if (!organisationId) return;
  await notifyAndEmail(deps, await memberUserIds(deps.db, organisationId), "dossier.status_changed", { status }, "/organisme/dossier");
}

export async function notifyOfReason(deps: NotifyDeps, dossierId: string, indicatorCode: string): Promise<void> {
  const organisationId = await organisationOf(deps.db, dossierId);
  if (!organisationId) return;
  const recipients = await memberUserIds(deps.db, organisationId);
  const payload = { code: indicatorCode };
  await notifyUsers(deps.db, recipients, "indicator.reason", payload);
  await emailUsers(
    deps.db,
    deps.mailer,
    deps.publicUrl,
    recipients,
    "indicator.reason",
    payload,
    `/organisme/dossier/indicateur/${encodeURIComponent(indicatorCode)}`,
  );
}

/** The OF hears of a status change it did not make itself (taken or assigned: soumis → en examen). */
export async function notifyIfStatusChanged(
  deps: NotifyDeps,
  dossierId: string,
  before: DossierStatus | null,
  after: DossierStatus,
): Promise<void> {
  if (before !== after) await notifyOfStatusChange(deps, dossierId, after);
}

/** A funder gave (or changed) a reason on an indicator: the OF is told which one, in-app and by email. */
export async function notifyOfReasonOnIndicator(
  deps: NotifyDeps,
  review: { dossier_id: string; indicator_id: string; decision: string; reason: string | null },
): Promise<void> {
  if (review.decision === "valide" || !review.reason) return;
  const indicator = await deps.db.selectFrom("indicators").select("code").where("id", "=", review.indicator_id).executeTakeFirst();
  if (indicator) await notifyOfReason(deps, review.dossier_id, indicator.code);
}

const CLOSING_KIND: Record<ClosingOutcome["outcome"], NotificationKind> = {
  declare_datadocke: "examination.datadocke",
  send_back: "examination.sent_back",
  close_non_conforme: "examination.non_conforme",
};

/** An examination was closed: the OF is told the outcome with its list of indicators and the message. */
export async function notifyOfClosing(deps: NotifyDeps, dossierId: string, closing: ClosingOutcome): Promise<void> {
  const dossier = await deps.db
    .selectFrom("dossiers")
    .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
    .select(["dossiers.organisation_id", "organisations.name"])
    .where("dossiers.id", "=", dossierId)
    .executeTakeFirst();
  if (!dossier) return;
  const { outcome, indicators, message } = closing;
  const listText = indicators.map((l) => `- ${l.code} : ${l.reason ?? ""}`).join("\n");
  const mails = await notifyOrganisation(
    deps.db,
    dossier.organisation_id,
    CLOSING_KIND[outcome],
    { dossier_id: dossierId, indicators, message },
    {
      subjectKey: `examination.mail.${outcome}.subject` as const,
      textKey: `examination.mail.${outcome}.text` as const,
      params: { organisation: dossier.name, list: listText, message: message ?? "" },
    },
  );
  await sendAll(deps.mailer, mails);
}

/**
 * A control was opened on the OF's dossier (the indicators sent back to examination and why), or the
 * OF was de-listed (why): every active member is told in-app and by email.
 */
export async function notifyOfControl(deps: NotifyDeps, dossierId: string, control: ControlNotice): Promise<void> {
  const dossier = await deps.db
    .selectFrom("dossiers")
    .innerJoin("organisations", "organisations.id", "dossiers.organisation_id")
    .select(["dossiers.organisation_id", "organisations.name"])
    .where("dossiers.id", "=", dossierId)
    .executeTakeFirst();
  if (!dossier) return;
  const mails =
    control.action === "opened"
      ? await notifyOrganisation(
          deps.db,
          dossier.organisation_id,
          "control.opened",
          { dossier_id: dossierId, indicators: control.indicators, reason: control.reason },
          {
            subjectKey: "controls.mail.opened.subject",
            textKey: "controls.mail.opened.text",
            params: { organisation: dossier.name, list: control.indicators.map((code) => `- ${code}`).join("\n"), message: control.reason },
          },
        )
      : await notifyOrganisation(
          deps.db,
          dossier.organisation_id,
          "control.dereferenced",
          { dossier_id: dossierId, reason: control.reason },
          {
            subjectKey: "controls.mail.dereferenced.subject",
            textKey: "controls.mail.dereferenced.text",
            params: { organisation: dossier.name, message: control.reason },
          },
        );
  await sendAll(deps.mailer, mails);
}
