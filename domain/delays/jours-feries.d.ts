/** @socialgouv/jours-feries ships no types: the French public holidays of a year, by name, as local-time dates. */
declare module "@socialgouv/jours-feries" {
  export default function joursFeries(year: number, options?: { alsace?: boolean }): Record<string, Date>;
}
