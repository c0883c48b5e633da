/** Words of French formatting (domain/i18n/format.ts): days, weeks, durations. */
export const format = {
  "format.today": "Aujourd'hui",
  "format.yesterday": "Hier",
  "format.weekOf": "Semaine du {date}",
  "format.duration.lessThanADay": "moins d'un jour",
  "format.duration.days.one": "{count} jour",
  "format.duration.days.other": "{count} jours",
  "format.duration.weeks.one": "{count} semaine",
  "format.duration.weeks.other": "{count} semaines",
} as const;
