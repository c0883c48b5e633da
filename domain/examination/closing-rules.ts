import type { IndicatorDecision } from "../../db/schema";
import type { MessageKey } from "../i18n/translate";

export interface ReviewState {
  indicatorId: string;
  code: string;
  decision: IndicatorDecision | null;
  reason: string | null;
  stale: boolean;
}

export type Outcome = "declare_datadocke" | "send_back" | "close_non_conforme";

/** Pure closing rules, shared by the page (which buttons) and the service (what is refused). */
export function closingBlockers(outcome: Outcome, reviews: readonly ReviewState[]): MessageKey[] {
  switch (outcome) {
    case "declare_datadocke": {
      const blockers: MessageKey[] = [];
      if (reviews.some((r) => r.decision === null)) blockers.push("examination.close.undecided");
      if (reviews.some((r) => r.decision !== null && r.decision !== "valide")) blockers.push("examination.close.notAllValid");
      if (reviews.some((r) => r.stale)) blockers.push("examination.close.stale");
      return blockers;
    }
    case "send_back":
      return reviews.some((r) => r.decision === "a_completer") ? [] : ["examination.close.nothingToComplete"];
    case "close_non_conforme":
      return reviews.some((r) => r.decision === "non_conforme") ? [] : ["examination.close.nothingNonConforme"];
  }
}

/** The indicators sent back to the OF (à compléter), or listed as reasons (non conforme). */
export function outcomeList(outcome: Outcome, reviews: readonly ReviewState[]): { code: string; reason: string | null }[] {
  const wanted: IndicatorDecision[] = outcome === "send_back" ? ["a_completer", "non_conforme"] : ["non_conforme"];
  if (outcome === "declare_datadocke") return [];
  return reviews.filter((r) => r.decision && wanted.includes(r.decision)).map((r) => ({ code: r.code, reason: r.reason }));
}
