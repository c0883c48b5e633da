/**
 * French formatting of dates for the portal and the mails: every date is shown in Paris time, so the
 * server's rendering and the browser's agree whatever the machine's time zone.
 */

const TIME_ZONE = "Europe/Paris";

/** A calendar day ("2026-11-30") or an instant, as dd/mm/yyyy. A bare day is read at noon UTC so it never shifts. */
export function formatDate(iso: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return date.toLocaleDateString("fr-FR", { timeZone: TIME_ZONE });
}

/** An instant as dd/mm/yyyy hh:mm. */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString("fr-FR", { timeZone: TIME_ZONE, dateStyle: "short", timeStyle: "short" });
}

/** A day in words ("30 novembre 2026"). */
export function formatLongDate(date: Date | string): string {
  return new Date(date).toLocaleDateString("fr-FR", { timeZone: TIME_ZONE, dateStyle: "long" });
}

/** An instant in words ("30 novembre 2026 à 14:05"). */
export function formatLongDateTime(date: Date): string {
  return date.toLocaleString("fr-FR", { timeZone: TIME_ZONE, dateStyle: "long", timeStyle: "short" });
}
