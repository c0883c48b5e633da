/** Joins class names, skipping false/null/undefined (no dependency needed for our few conditionals). */
export function cx(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(" ");
}
