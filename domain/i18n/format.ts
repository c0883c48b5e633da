import { translate, type MessageKey, type MessageParams } from "./translate";

/**
 * French formatting, the one module for the portal and the mails: dates, numbers, percentages,
 * plurals, weeks and durations. Every date is shown in Paris time, so the server's rendering, the
 * browser's and the mails agree whatever the machine's time zone. A missing date shows as "—".
 */

const TIME_ZONE = "Europe/Paris";
const MISSING = "—";

type DateInput = string | Date | null | undefined;

/*
 * Date#toLocaleString and Intl.NumberFormat with options build a new formatter on every call, which
 * the profile of a busy page shows (the review room formats hundreds of dates per render). Formatters
 * are built once per set of options and kept. The options spell out what toLocale*String adds by
 * default (numeric date and/or time fields), so the output is the same.
 */
const NUMERIC_DATE = { year: "numeric", month: "numeric", day: "numeric" } as const;
const NUMERIC_TIME = { hour: "numeric", minute: "numeric", second: "numeric" } as const;
const dateFormats = {
  date: { ...NUMERIC_DATE },
  dateTime: { dateStyle: "short", timeStyle: "short" },
  timestamp: { ...NUMERIC_DATE, ...NUMERIC_TIME },
  time: { ...NUMERIC_TIME },
  shortTime: { timeStyle: "short" },
  longDate: { dateStyle: "long" },
  longDateTime: { dateStyle: "long", timeStyle: "short" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
const dateFormatters = new Map<keyof typeof dateFormats, Intl.DateTimeFormat>();
function inParis(format: keyof typeof dateFormats, value: string | Date): string {
  let formatter = dateFormatters.get(format);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("fr-FR", { timeZone: TIME_ZONE, ...dateFormats[format] });
    dateFormatters.set(format, formatter);
  }
  return formatter.format(toDate(value));
}
const dayKeyFormatter = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
const numberFormatters = new Map<number, Intl.NumberFormat>();

function toDate(value: string | Date): Date {
  // A bare calendar day ("2026-11-30") is read at noon UTC so it never shifts to the day before.
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T12:00:00Z`);
  return new Date(value);
}

/** dd/mm/yyyy */
export function formatDate(value: DateInput): string {
  return value ? inParis("date", value) : MISSING;
}

/** dd/mm/yyyy hh:mm */
export function formatDateTime(value: DateInput): string {
  return value ? inParis("dateTime", value) : MISSING;
}

/** dd/mm/yyyy hh:mm:ss, for logs and feeds where the second matters. */
export function formatTimestamp(value: DateInput): string {
  return value ? inParis("timestamp", value) : MISSING;
}

/** hh:mm:ss */
export function formatTime(value: DateInput): string {
  return value ? inParis("time", value) : MISSING;
}

/** hh:mm */
export function formatShortTime(value: DateInput): string {
  return value ? inParis("shortTime", value) : MISSING;
}

/** A day in words ("30 novembre 2026", "1er décembre 2026"). */
export function formatLongDate(value: DateInput): string {
  return value ? firstOfMonth(inParis("longDate", value)) : MISSING;
}

/** French writes the first day of a month as an ordinal: "1er décembre". */
const firstOfMonth = (text: string) => text.replace(/^1 /, "1er ");

/** An instant in words ("30 novembre 2026 à 14:05"). */
export function formatLongDateTime(value: DateInput): string {
  return value ? firstOfMonth(inParis("longDateTime", value)) : MISSING;
}

/** The Paris calendar day of an instant, as yyyy-mm-dd (to group or compare days). */
export function dayKeyInParis(value: string | Date): string {
  return dayKeyFormatter.format(toDate(value));
}

/** "Aujourd'hui", "Hier" or the day in words ("28 novembre 2026"), in Paris time. */
export function formatRelativeDay(value: string | Date, now: Date = new Date()): string {
  const day = dayKeyInParis(value);
  if (day === dayKeyInParis(now)) return translate("format.today");
  const yesterday = new Date(new Date(`${dayKeyInParis(now)}T12:00:00Z`).getTime() - DAY_MS);
  if (day === dayKeyInParis(yesterday)) return translate("format.yesterday");
  return formatLongDate(value);
}

/** A number with French grouping (narrow no-break space) and decimal comma: 12 345,5. */
export function formatNumber(value: number, maximumFractionDigits = 1): string {
  let formatter = numberFormatters.get(maximumFractionDigits);
  if (!formatter) {
    formatter = new Intl.NumberFormat("fr-FR", { maximumFractionDigits });
    numberFormatters.set(maximumFractionDigits, formatter);
  }
  return narrowSpaces(formatter.format(value));
}

/** A number for machines (CSV and XLSX exports): dot decimal, fixed digits, no grouping: 12345.50. */
export function machineDecimal(value: number, digits: number): string {
  return value.toFixed(digits);
}

/** ICU versions differ (no-break space or narrow no-break space): one output on the server and in every browser. */
const narrowSpaces = (text: string) => text.replace(/[\u00a0\u202f ]/g, NARROW_NBSP);
const NARROW_NBSP = "\u202f";

/** A ratio (0.125) as a French percentage: "12,5 %". Callers pass a ratio between 0 and 1, never a percent. */
export function formatPercent(ratio: number, maximumFractionDigits = 1): string {
  return narrowSpaces(new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits }).format(ratio));
}

/** The keys K of the catalogue that have both `K.one` and `K.other`: the plural messages. */
type PluralBase<K> = K extends `${infer Base}.other` ? (`${Base}.one` extends MessageKey ? Base : never) : never;
export type PluralKey = PluralBase<MessageKey>;

const plurals = new Intl.PluralRules("fr-FR");

/**
 * A plural message: `K.one` for 0 and 1 (French rules), `K.other` otherwise; `{count}` is the number
 * formatted in French. tp("reporting.indicatorsComplete", 3) → "3 indicateurs complets".
 */
export function tp(key: PluralKey, count: number, params: MessageParams = {}): string {
  const form = plurals.select(count) === "one" ? "one" : "other";
  return translate(`${key}.${form}`, { ...params, count: formatNumber(count) });
}

/** "Semaine du 30 novembre 2026" (the day given is the week's first day). */
export function formatWeekOf(value: string | Date): string {
  return translate("format.weekOf", { date: formatLongDate(value) });
}

const DAY_MS = 86_400_000;

/** A number of days (a median, a waiting time) in words: formatDuration of that many days. */
export function formatDays(days: number): string {
  return formatDuration(days * DAY_MS);
}

/**
 * A duration in words, rounded down to what matters: "moins d'un jour", "1 jour", "3 jours", then
 * weeks from 14 days ("2 semaines"). Takes milliseconds.
 */
export function formatDuration(ms: number): string {
  const days = Math.floor(Math.max(0, ms) / DAY_MS);
  if (days < 1) return translate("format.duration.lessThanADay");
  if (days < 14) return tp("format.duration.days", days);
  return tp("format.duration.weeks", Math.floor(days / 7));
}
