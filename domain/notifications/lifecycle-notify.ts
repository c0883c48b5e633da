import type {
  AnswerRevisionDecided,
  AnswerRevisionOpened,
  CircuitCourtExpiry,
  CircuitCourtReviewed,
  CorrectiveActionAccepted,
  DossierStatusChanged,
} from "../events/domain-event";
import { memberUserIds } from "./notifications.service";
import { notifyAndEmail, type NotifyDeps } from "./of-notify";

/**
 * Who hears of the later life of an OF's dossier (issue 14.2–14.4), called after the commit by
 * server/events/notification-handler.ts: a new round (the OF, and the funder staff who examined the
 * closed one), an accepted corrective action (the OF), the examiner's check of a circuit-court
 * certificate (the OF) and its expiry (the OF; once expired, also the funder staff of its dossier),
 * an update of a datadocké dossier (its examiners) and its outcome (the OF).
 */

/** A closed dossier was reopened: the OF sees its new status, the funders who examined it hear it is back. */
export async function notifyOfReopen(deps: NotifyDeps, change: DossierStatusChanged): Promise<void> {
  const notice = change.reopen;
  const members = await memberUserIds(deps.db, change.organisationId);
  await notifyAndEmail(deps, members, "dossier.status_changed", { status: change.to }, "/organisme/dossier");
  if (!notice) return;
  const funders = notice.examinedBy.filter((id) => id !== change.actor.userId);
  await notifyAndEmail(
    deps,
    funders,
    "dossier.reopened",
    { dossierId: change.dossierId, organisation: notice.organisationName, round: notice.round },
    `/financeur/examens/${encodeURIComponent(change.dossierId)}`,
  );
}

export async function notifyOfCorrectiveActionAccepted(deps: NotifyDeps, accepted: CorrectiveActionAccepted): Promise<void> {
  const members = await memberUserIds(deps.db, accepted.organisationId);
  await notifyAndEmail(
    deps,
    members,
    "corrective_action.accepted",
    { code: accepted.indicatorCode, dossierId: accepted.dossierId, actionId: accepted.actionId },
    `/organisme/dossier/indicateur/${encodeURIComponent(accepted.indicatorCode)}`,
  );
}

export async function notifyOfCertificateReview(deps: NotifyDeps, reviewed: CircuitCourtReviewed): Promise<void> {
  const members = await memberUserIds(deps.db, reviewed.organisationId);
  await notifyAndEmail(
    deps,
    members,
    reviewed.outcome === "validated" ? "circuit_court.validated" : "circuit_court.refused",
    { dossierId: reviewed.dossierId, reason: reviewed.reason ?? "" },
    "/organisme/circuit-court",
  );
}

export async function notifyOfCertificateExpiry(deps: NotifyDeps, expiry: CircuitCourtExpiry): Promise<void> {
  const members = await memberUserIds(deps.db, expiry.organisationId);
  const payload = { validTo: expiry.validTo, organisation: expiry.organisationName, dossierId: expiry.dossierId ?? "" };
  if (expiry.stage === "expiring") {
    await notifyAndEmail(deps, members, "circuit_court.expiring", payload, "/organisme/circuit-court");
    return;
  }
  await notifyAndEmail(deps, members, "circuit_court.expired", payload, "/organisme/circuit-court");
  const path = expiry.dossierId ? `/financeur/examens/${encodeURIComponent(expiry.dossierId)}` : "/financeur/examens";
  await notifyAndEmail(deps, expiry.funderUserIds, "circuit_court.expired", payload, path);
}

/** A datadocké OF started an update of an indicator (decision record 038): its examiner and co-examiners hear it once. */
export async function notifyOfRevisionOpened(deps: NotifyDeps, opened: AnswerRevisionOpened): Promise<void> {
  const code = opened.indicatorCode;
  await notifyAndEmail(
    deps,
    opened.examinerIds.filter((id) => id !== opened.actor.userId),
    "revision.pending",
    { dossierId: opened.dossierId, code, organisation: opened.organisationName },
    `/financeur/examens/${encodeURIComponent(opened.dossierId)}?indicateur=${encodeURIComponent(code)}`,
  );
}

/** The OF hears whether its update was validated or sent back (with the reason). */
export async function notifyOfRevisionDecided(deps: NotifyDeps, decided: AnswerRevisionDecided): Promise<void> {
  const members = await memberUserIds(deps.db, decided.organisationId);
  await notifyAndEmail(
    deps,
    members,
    decided.outcome === "validated" ? "revision.validated" : "revision.sent_back",
    { dossierId: decided.dossierId, code: decided.indicatorCode, reason: decided.reason ?? "" },
    `/organisme/dossier/indicateur/${encodeURIComponent(decided.indicatorCode)}`,
  );
}
