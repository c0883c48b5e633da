import type { Executor } from "../../db/executor";
import type { DossierStatus } from "../../db/schema";
import type { Mailer } from "../mail/mailer";
import { emailUsers, memberUserIds, notifyUsers } from "./notifications.service";

/**
 * What the OF hears when funders act (called after the commit by server/events/notification-handler.ts):
 * an in-app notification for every member of the OF and an email for each status change and new reason.
 */
export interface NotifyDeps {
  db: Executor;
  mailer: Mailer;
  publicUrl: string;
}

async function organisationOf(db: Executor, dossierId: string): Promise<string | null> {
  const row = await db.selectFrom("dossiers").select("organisation_id").where("id", "=", dossierId).executeTakeFirst();
  return row?.organisation_id ?? null;
}

export async function notifyOfStatusChange(deps: NotifyDeps, dossierId: string, status: DossierStatus): Promise<void> {
  const organisationId = await organisationOf(deps.db, dossierId);
  if (!organisationId) return;
  const recipients = await memberUserIds(deps.db, organisationId);
  await notifyUsers(deps.db, recipients, "dossier.status_changed", { status });
  await emailUsers(deps.db, deps.mailer, deps.publicUrl, recipients, "dossier.status_changed", { status }, "/organisme/dossier");
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
