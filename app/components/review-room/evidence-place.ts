/**
 * Where each reviewer is in the evidence: the piece open per indicator and the page and zoom per
 * piece, in sessionStorage (per tab, so per reviewer; kept across reloads and indicator changes).
 * Storage may be unavailable (private mode, quotas): then nothing is remembered, nothing fails.
 */
export interface EvidencePlace {
  page: number;
  /** 1 = the page fits the viewer's width. */
  zoom: number;
}

const DEFAULT_PLACE: EvidencePlace = { page: 1, zoom: 1 };

function read(key: string): string | null {
  try {
    return window.sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.sessionStorage.setItem(key, value);
  } catch {
    // storage refused: the place is simply not remembered
  }
}

export function readPlace(evidenceId: string): EvidencePlace {
  const raw = read(`datadock:evidence-place:${evidenceId}`);
  if (!raw) return DEFAULT_PLACE;
  try {
    const value = JSON.parse(raw) as Partial<EvidencePlace>;
    const page = Number.isInteger(value.page) && (value.page ?? 0) >= 1 ? (value.page as number) : 1;
    const zoom = typeof value.zoom === "number" && value.zoom >= 0.5 && value.zoom <= 3 ? value.zoom : 1;
    return { page, zoom };
  } catch {
    return DEFAULT_PLACE;
  }
}

export function writePlace(evidenceId: string, place: EvidencePlace): void {
  write(`datadock:evidence-place:${evidenceId}`, JSON.stringify(place));
}

export function readOpenEvidence(dossierId: string, indicatorCode: string): string | null {
  return read(`datadock:evidence-open:${dossierId}:${indicatorCode}`);
}

export function writeOpenEvidence(dossierId: string, indicatorCode: string, evidenceId: string): void {
  write(`datadock:evidence-open:${dossierId}:${indicatorCode}`, evidenceId);
}
