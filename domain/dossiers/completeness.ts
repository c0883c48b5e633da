/**
 * Completeness of an OF's answers, pure. An indicator is complete when:
 * - "non concerné" is ticked with a reason (the reason stands for the description and evidence), or
 * - it has a description AND (evidence, or an active circuit-court certificate and the indicator's
 *   circuit_court_exempts_proof flag).
 */
export type MissingItem = "description" | "evidence" | "notApplicableReason";

export interface IndicatorAnswerState {
  description: string;
  notApplicable: boolean;
  notApplicableReason: string | null;
  /** Live evidence items (files and links not replaced nor removed). */
  evidenceCount: number;
}

export interface CompletenessContext {
  /** The OF holds a valid (not expired, not withdrawn) CNEFOP certificate today. */
  circuitCourtActive: boolean;
}

export interface IndicatorRef {
  id: string;
  code: string;
  title: string;
  criterionNumber: number;
  circuitCourtExemptsProof: boolean;
}

export interface MissingIndicator {
  indicatorId: string;
  code: string;
  title: string;
  criterionNumber: number;
  missing: MissingItem[];
}

const EMPTY_ANSWER: IndicatorAnswerState = { description: "", notApplicable: false, notApplicableReason: null, evidenceCount: 0 };

/** Rich text counts as empty when it holds no visible characters once tags and entities are gone. */
export function hasVisibleText(value: string | null | undefined): boolean {
  if (!value) return false;
  const text = value
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;|&#160;/gi, " ")
    .replace(/\s+/g, "");
  return text.length > 0;
}

export function missingFor(
  answer: IndicatorAnswerState | undefined,
  indicator: Pick<IndicatorRef, "circuitCourtExemptsProof">,
  context: CompletenessContext,
): MissingItem[] {
  const a = answer ?? EMPTY_ANSWER;
  if (a.notApplicable) return hasVisibleText(a.notApplicableReason) ? [] : ["notApplicableReason"];
  const missing: MissingItem[] = [];
  if (!hasVisibleText(a.description)) missing.push("description");
  const exempt = context.circuitCourtActive && indicator.circuitCourtExemptsProof;
  if (!exempt && a.evidenceCount === 0) missing.push("evidence");
  return missing;
}

export interface CompletenessReport {
  total: number;
  complete: number;
  missing: MissingIndicator[];
  /** Per criterion number: [complete, total]. */
  byCriterion: Record<number, { complete: number; total: number }>;
}

/** The synthesis: every indicator still missing something, in référentiel order. */
export function evaluateCompleteness(
  indicators: readonly IndicatorRef[],
  answers: ReadonlyMap<string, IndicatorAnswerState>,
  context: CompletenessContext,
): CompletenessReport {
  const missing: MissingIndicator[] = [];
  const byCriterion: CompletenessReport["byCriterion"] = {};
  for (const indicator of indicators) {
    const gaps = missingFor(answers.get(indicator.id), indicator, context);
    const bucket = (byCriterion[indicator.criterionNumber] ??= { complete: 0, total: 0 });
    bucket.total += 1;
    if (gaps.length === 0) bucket.complete += 1;
    else
      missing.push({
        indicatorId: indicator.id,
        code: indicator.code,
        title: indicator.title,
        criterionNumber: indicator.criterionNumber,
        missing: gaps,
      });
  }
  return { total: indicators.length, complete: indicators.length - missing.length, missing, byCriterion };
}

/** Is a certificate valid on `today` (YYYY-MM-DD, inclusive bounds)? */
export function isCertificateValid(cert: { valid_from: string; valid_to: string; withdrawn_at: Date | null }, today: string): boolean {
  return cert.withdrawn_at === null && cert.valid_from <= today && today <= cert.valid_to;
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
