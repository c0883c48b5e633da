/**
 * French formatting of dates, for the portal and the mails: every date is shown in Paris time, so the
 * server's rendering, the browser's and the mails agree whatever the machine's time zone. A missing
 * value (null, empty) shows as "—".
 */

const TIME_ZONE = "Europe/Paris";
const MISSING = "—";

type DateInput = string | Date | null | undefined;

function toDate(value: string | Date): Date {
  // A bare calendar day ("2026-11-30") is read at noon UTC so it never shifts to the day before.
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T12:00:00Z`);
  return new Date(value);
}

/** dd/mm/yyyy */
export function formatDate(value: DateInput): string {
  return value ? toDate(value).toLocaleDateString("fr-FR", { timeZone: TIME_ZONE }) : MISSING;
}

/** dd/mm/yyyy hh:mm */
export function formatDateTime(value: DateInput): string {
  return value ? toDate(value).toLocaleString("fr-FR", { timeZone: TIME_ZONE, dateStyle: "short", timeStyle: "short" }) : MISSING;
}

/** dd/mm/yyyy hh:mm:ss, for logs and feeds where the second matters. */
export function formatTimestamp(value: DateInput): string {
  return value ? toDate(value).toLocaleString("fr-FR", { timeZone: TIME_ZONE }) : MISSING;
}

/** hh:mm:ss */
export function formatTime(value: DateInput): string {
  return value ? toDate(value).toLocaleTimeString("fr-FR", { timeZone: TIME_ZONE }) : MISSING;
}

/** A day in words ("30 novembre 2026"). */
export function formatLongDate(value: DateInput): string {
  return value ? toDate(value).toLocaleDateString("fr-FR", { timeZone: TIME_ZONE, dateStyle: "long" }) : MISSING;
}

/** An instant in words ("30 novembre 2026 à 14:05"). */
export function formatLongDateTime(value: DateInput): string {
  return value ? toDate(value).toLocaleString("fr-FR", { timeZone: TIME_ZONE, dateStyle: "long", timeStyle: "short" }) : MISSING;
}
