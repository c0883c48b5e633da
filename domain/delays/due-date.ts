import joursFeries from "@socialgouv/jours-feries";
import { REMINDER_LEAD_DAYS, type DelayRule, type DueState } from "./delay-rules";

/**
 * Due days (decision record 045): a stage started on day D (Paris) with a rule of N days is due on
 * the Nth day after D — counting only working days (Monday to Friday, French public holidays of the
 * whole country excepted: not Alsace-Moselle's two more) when the rule says so. Late from the day
 * after. Days are 'YYYY-MM-DD' strings; the arithmetic is done at noon UTC so no day shifts.
 * Public holidays come from @socialgouv/jours-feries (Easter-based ones computed per year).
 */

const DAY_MS = 86_400_000;

const noonUtc = (day: string) => new Date(`${day}T12:00:00Z`);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** `day` plus `n` calendar days (n may be negative). */
export function addCalendarDays(day: string, n: number): string {
  return dayOf(new Date(noonUtc(day).getTime() + n * DAY_MS));
}

const holidaysByYear = new Map<number, Set<string>>();

/** The French public holidays of a year, as days. The library builds local-time dates: read their local fields. */
function holidays(year: number): Set<string> {
  let set = holidaysByYear.get(year);
  if (!set) {
    set = new Set(
      Object.values(joursFeries(year)).map(
        (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`,
      ),
    );
    holidaysByYear.set(year, set);
  }
  return set;
}

export function isPublicHoliday(day: string): boolean {
  return holidays(Number(day.slice(0, 4))).has(day);
}

/** Monday to Friday and not a French public holiday. */
export function isWorkingDay(day: string): boolean {
  const weekday = noonUtc(day).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isPublicHoliday(day);
}

/** The due day of a stage started on `startDay` under `rule`. */
export function dueDay(startDay: string, rule: Pick<DelayRule, "days" | "workingDays">): string {
  if (!rule.workingDays) return addCalendarDays(startDay, rule.days);
  let day = startDay;
  for (let counted = 0; counted < rule.days;) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(day)) counted += 1;
  }
  return day;
}

/** Where an open stage due on `dueOn` stands on `today` (Paris days). */
export function dueStateOn(dueOn: string, today: string): DueState {
  if (dueOn < today) return "late";
  if (dueOn <= soonUntil(today)) return "soon";
  return "on_time";
}

/** The last day (inclusive) a due day counts as "soon" on `today`. */
export function soonUntil(today: string): string {
  return addCalendarDays(today, REMINDER_LEAD_DAYS);
}
