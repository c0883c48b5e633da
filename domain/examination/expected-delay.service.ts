import { formatNumber } from "../i18n/format";
import type { Executor } from "../../db/executor";
import type { DossierStatus } from "../../db/schema";
import { findOfDossier } from "../dossiers/dossier-access";
import { t } from "../i18n/translate";
import { examinationDurations, queuePosition } from "./expected-delay.queries";

/**
 * What a submitted OF sees of its place in the process (issue 14.6): the step it is at, its place in
 * the queue while it waits for an examiner, and the usual examination time over the last 90 days
 * (median and 90th percentile of the rounds defined in expected-delay.queries.ts), in French.
 */

export interface ExpectedDelay {
  status: DossierStatus;
  submittedAt: Date | null;
  /** While soumis: 1 is the next dossier an examiner will take. */
  queuePosition: number | null;
  /** "environ 12 jours"; null when no examination closed in the window. */
  usual: { median: string; p90: string; rounds: number } | null;
}

/** "moins d'un jour", "environ 1 jour", "environ 12 jours" (rounded to the day). */
export function formatDurationDays(days: number): string {
  if (days < 1) return t("delay.lessThanADay");
  const rounded = Math.round(days);
  return t(rounded === 1 ? "delay.aboutOneDay" : "delay.aboutDays", { n: formatNumber(rounded, 0) });
}

const IN_PROCESS: readonly DossierStatus[] = ["soumis", "en_examen"];

/** The OF's expected delay, or null when its dossier is not submitted and waiting or in examination. */
export async function expectedDelayForOf(db: Executor, organisationId: string, now = new Date()): Promise<ExpectedDelay | null> {
  const dossier = await findOfDossier(db, organisationId);
  if (!dossier || !IN_PROCESS.includes(dossier.status)) return null;
  const durations = await examinationDurations(db, now);
  return {
    status: dossier.status,
    submittedAt: dossier.submitted_at,
    queuePosition: dossier.status === "soumis" ? await queuePosition(db, dossier.id) : null,
    usual:
      durations.medianDays !== null && durations.p90Days !== null && durations.rounds > 0
        ? { median: formatDurationDays(durations.medianDays), p90: formatDurationDays(durations.p90Days), rounds: durations.rounds }
        : null,
  };
}
