import type { DossierStatus } from "../../db/schema";
import { DomainError } from "../errors";
import type { MessageKey } from "../i18n/translate";

export type { DossierStatus };

/**
 * The dossier's life: brouillon → soumis → en examen → à compléter → … → datadocké,
 * or non conforme; déréférencé after a control. Pure: services load the dossier, ask
 * `transition`, then write the new status and an event in one transaction.
 */
export type DossierTransition =
  | "submit" // OF: first submission or resubmission after "à compléter"
  | "take" // examiner takes a submitted dossier
  | "send_back" // examiner: some indicators à compléter
  | "declare_datadocke" // examiner: every indicator validé
  | "close_non_conforme" // examiner: closed with reasons
  | "open_control" // coordinator/examiner: chosen indicators back to examination
  | "dereference" // coordinator/examiner after a control
  | "reopen"; // OF admin (on conditions, decision record 037) or coordinator: a new round for a closed dossier

export type TransitionSide = "of" | "funder" | "coordination";

interface Rule {
  from: readonly DossierStatus[];
  to: DossierStatus;
  by: readonly TransitionSide[];
}

export const TRANSITIONS: Record<DossierTransition, Rule> = {
  submit: { from: ["brouillon", "a_completer"], to: "soumis", by: ["of"] },
  take: { from: ["soumis"], to: "en_examen", by: ["funder", "coordination"] },
  send_back: { from: ["en_examen"], to: "a_completer", by: ["funder", "coordination"] },
  declare_datadocke: { from: ["en_examen"], to: "datadocke", by: ["funder", "coordination"] },
  close_non_conforme: { from: ["en_examen"], to: "non_conforme", by: ["funder", "coordination"] },
  open_control: { from: ["datadocke"], to: "en_examen", by: ["funder", "coordination"] },
  dereference: { from: ["datadocke", "en_examen"], to: "dereference", by: ["funder", "coordination"] },
  reopen: { from: ["non_conforme", "dereference"], to: "a_completer", by: ["of", "coordination"] },
};

/** The status after `transition`, or a conflict error naming why it is refused. */
export function transition(current: DossierStatus, action: DossierTransition, side: TransitionSide): DossierStatus {
  const rule = TRANSITIONS[action];
  if (!rule.by.includes(side)) throw new DomainError("forbidden", "dossier.transition.forbiddenSide", { action });
  if (!rule.from.includes(current)) {
    throw new DomainError("conflict", "dossier.transition.invalid", { action, status: current });
  }
  return rule.to;
}

export function canTransition(current: DossierStatus, action: DossierTransition, side: TransitionSide): boolean {
  const rule = TRANSITIONS[action];
  return rule.by.includes(side) && rule.from.includes(current);
}

/** The OF may edit its answers and evidence only while drafting or completing. */
export function isEditableByOf(status: DossierStatus): boolean {
  return status === "brouillon" || status === "a_completer";
}

/**
 * The OF records corrective actions while drafting or completing, and after a non conforme closing: they
 * answer the reasons, which the way back requires before the dossier is reopened (decision record 037).
 */
export function acceptsCorrectiveActions(status: DossierStatus): boolean {
  return isEditableByOf(status) || status === "non_conforme";
}

/** Statuses funders see in their examination queue. */
export const QUEUE_STATUSES: readonly DossierStatus[] = ["soumis", "en_examen"];

export const STATUS_LABEL_KEYS: Record<DossierStatus, MessageKey> = {
  brouillon: "dossier.status.brouillon",
  soumis: "dossier.status.soumis",
  en_examen: "dossier.status.en_examen",
  a_completer: "dossier.status.a_completer",
  datadocke: "dossier.status.datadocke",
  non_conforme: "dossier.status.non_conforme",
  dereference: "dossier.status.dereference",
};
