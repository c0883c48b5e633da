/**
 * Splits a reporting period [from, to) into the whole UTC weeks (or days) the rollups answer and
 * the partial ranges at either end, counted from the base tables, so any period stays exact.
 */
const DAY = 86_400_000;
const WEEK = 7 * DAY;

export interface PeriodSplit {
  /** Whole units [from, to) as dates 'YYYY-MM-DD' (weeks start on Monday), or null when none fits. */
  whole: { from: string; to: string } | null;
  /** The partial ranges [start, end) left at either end. */
  edges: [Date, Date][];
}

const midnightUtc = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
};
const mondayUtc = (ms: number) => {
  const midnight = midnightUtc(ms);
  return midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY;
};
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function split(from: Date, to: Date, unitStart: (ms: number) => number, unit: number): PeriodSplit {
  if (!(from.getTime() < to.getTime())) return { whole: null, edges: [] };
  let first = unitStart(from.getTime());
  if (first < from.getTime()) first += unit;
  const last = unitStart(to.getTime());
  if (first >= last) return { whole: null, edges: [[from, to]] };
  const edges: [Date, Date][] = [];
  if (from.getTime() < first) edges.push([from, new Date(first)]);
  if (last < to.getTime()) edges.push([new Date(last), to]);
  return { whole: { from: isoDate(first), to: isoDate(last) }, edges };
}

export const splitWeeks = (from: Date, to: Date) => split(from, to, mondayUtc, WEEK);
export const splitDays = (from: Date, to: Date) => split(from, to, midnightUtc, DAY);
