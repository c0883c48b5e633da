import type { DossierStatus } from "../../db/schema";
import { t, type MessageKey } from "../i18n/translate";
import { tp, type PluralKey } from "../i18n/format";

/**
 * Where the OF stands and its ONE next step (issue 12.4), from facts the caller loaded. Pure: the
 * home and the dossier pages show what this returns, so they never contradict each other.
 *
 * - brouillon: what is missing (count + links), or "submit" once complete;
 * - soumis / en examen: wait (the home adds the expected delay);
 * - à compléter: the funders' reasons, each a link to the indicator's thread, then resubmit;
 * - datadocké: said clearly, with the catalogues listing the OF and the attestation;
 * - non conforme / déréférencé: why, and the way back (the coordination reopens: contact it).
 */

export interface NextStepIndicator {
  code: string;
  title: string;
}

export interface NextStepReview extends NextStepIndicator {
  decision: "valide" | "a_completer" | "non_conforme";
  reason: string | null;
  stale: boolean;
  /** The OF changed its answer since the funders sent the dossier back. */
  answered: boolean;
}

export interface NextStepInput {
  status: DossierStatus;
  /** Indicators not complete yet, in référentiel order. */
  missing: NextStepIndicator[];
  /** The funders' current decisions. */
  reviews: NextStepReview[];
  /** Funders whose catalogue de référence lists the OF. */
  catalogues: string[];
  /** The message given when the dossier was closed non conforme or déréférencé. */
  closingMessage: string | null;
}

export type NextStepTone = "info" | "success" | "warning" | "error";

export interface NextStepItem {
  code: string;
  title: string;
  href: string;
  /** The reason given by a funder (à compléter, non conforme), or null for a missing indicator. */
  reason: string | null;
  /** À compléter: the OF has changed its answer since (it goes back to examination on resubmission). */
  answered: boolean;
}

export interface NextStepAction {
  labelKey: MessageKey;
  href: string;
  /** A file to download rather than a page. */
  download?: boolean;
}

export interface NextStep {
  status: DossierStatus;
  tone: NextStepTone;
  titleKey: MessageKey;
  /** A plural key when `count` is set (then read with tp). */
  textKey: MessageKey | PluralKey;
  count: number | null;
  /** Indicators to open: missing (brouillon) or funders' reasons (à compléter, non conforme). */
  items: NextStepItem[];
  /** The ONE thing to do now; null while the funders examine. */
  action: NextStepAction | null;
  /** The OF may edit its answers. */
  editable: boolean;
  /** Why the dossier cannot be edited, in this state's own words; null when editable. */
  readOnlyKey: MessageKey | null;
  catalogues: string[];
  closingMessage: string | null;
}

export const DOSSIER_HREF = "/organisme/dossier";
export const SYNTHESIS_HREF = "/organisme/dossier/synthese";
export const ATTESTATION_HREF = "/organisme/attestation.pdf";

export function indicatorHref(code: string): string {
  return `${DOSSIER_HREF}/indicateur/${encodeURIComponent(code)}`;
}

/** The link to an indicator's thread with the funders (the reasons are answered there). */
export function indicatorThreadHref(code: string): string {
  return `${indicatorHref(code)}#fil`;
}

const READ_ONLY: Record<DossierStatus, MessageKey | null> = {
  brouillon: null,
  a_completer: null,
  soumis: "nextStep.readOnly.soumis",
  en_examen: "nextStep.readOnly.en_examen",
  datadocke: "nextStep.readOnly.datadocke",
  non_conforme: "nextStep.readOnly.non_conforme",
  dereference: "nextStep.readOnly.dereference",
};

/** Why the OF cannot edit its dossier, in the state's own words; null while it may. */
export function readOnlyKeyFor(status: DossierStatus): MessageKey | null {
  return READ_ONLY[status];
}

export function ofNextStep(input: NextStepInput): NextStep {
  const base = {
    status: input.status,
    items: [] as NextStepItem[],
    action: null as NextStepAction | null,
    editable: input.status === "brouillon" || input.status === "a_completer",
    readOnlyKey: READ_ONLY[input.status],
    catalogues: [] as string[],
    closingMessage: null as string | null,
    count: null as number | null,
  };
  const missingItems = input.missing.map((m) => ({
    code: m.code,
    title: m.title,
    href: indicatorHref(m.code),
    reason: null,
    answered: false,
  }));
  const reasonsOf = (decision: NextStepReview["decision"]) =>
    input.reviews
      .filter((r) => r.decision === decision && !r.stale)
      .map((r) => ({ code: r.code, title: r.title, href: indicatorThreadHref(r.code), reason: r.reason, answered: r.answered }));

  switch (input.status) {
    case "brouillon":
      if (input.missing.length > 0) {
        return {
          ...base,
          tone: "info",
          titleKey: "nextStep.brouillon.title",
          textKey: "nextStep.brouillon.missing",
          count: input.missing.length,
          items: missingItems,
          action: { labelKey: "nextStep.brouillon.action", href: missingItems[0]!.href },
        };
      }
      return {
        ...base,
        tone: "info",
        titleKey: "nextStep.brouillon.title",
        textKey: "nextStep.brouillon.complete",
        action: { labelKey: "nextStep.submit.action", href: SYNTHESIS_HREF },
      };
    case "soumis":
      return { ...base, tone: "info", titleKey: "nextStep.soumis.title", textKey: "nextStep.soumis.text" };
    case "en_examen":
      return { ...base, tone: "info", titleKey: "nextStep.en_examen.title", textKey: "nextStep.en_examen.text" };
    case "a_completer": {
      const reasons = reasonsOf("a_completer");
      const known = new Set(reasons.map((r) => r.code));
      const items = [...reasons, ...missingItems.filter((m) => !known.has(m.code))];
      const todo = items.find((i) => !i.answered || input.missing.some((m) => m.code === i.code));
      return {
        ...base,
        tone: "warning",
        titleKey: "nextStep.a_completer.title",
        textKey: todo ? "nextStep.a_completer.text" : "nextStep.a_completer.ready",
        count: todo ? items.length : null,
        items,
        action: todo
          ? { labelKey: "nextStep.a_completer.action", href: todo.href }
          : { labelKey: "nextStep.resubmit.action", href: SYNTHESIS_HREF },
      };
    }
    case "datadocke":
      return {
        ...base,
        tone: "success",
        titleKey: "nextStep.datadocke.title",
        textKey: input.catalogues.length > 0 ? "nextStep.datadocke.catalogues" : "nextStep.datadocke.noCatalogue",
        count: input.catalogues.length > 0 ? input.catalogues.length : null,
        catalogues: input.catalogues,
        action: { labelKey: "attestation.download", href: ATTESTATION_HREF, download: true },
      };
    case "non_conforme":
    case "dereference":
      return {
        ...base,
        tone: "error",
        titleKey: input.status === "non_conforme" ? "nextStep.non_conforme.title" : "nextStep.dereference.title",
        textKey: "nextStep.closed.wayBack",
        items: reasonsOf("non_conforme"),
        closingMessage: input.closingMessage,
        action: { labelKey: "nextStep.closed.action", href: SYNTHESIS_HREF },
      };
  }
}

/** The step's title and sentence, in French. */
export function describeNextStep(step: NextStep): { title: string; text: string } {
  const text = step.count === null ? t(step.textKey as MessageKey) : tp(step.textKey as PluralKey, step.count);
  return { title: t(step.titleKey), text };
}
