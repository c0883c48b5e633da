import { fr } from "./fr/index";

export type Messages = Record<string, string>;
export type Locale = "fr";

const catalogues: Record<Locale, Messages> = { fr };

/**
 * Looks up a message key in the locale's catalogue and fills `{name}` placeholders.
 * An unknown key is returned as is, so a missing translation is visible rather than blank.
 */
export function translate(key: string, params: Record<string, string | number> = {}, locale: Locale = "fr"): string {
  const template = hasMessage(key, locale) ? catalogues[locale][key]! : key;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export const t = translate;

export function hasMessage(key: string, locale: Locale = "fr"): boolean {
  // Own keys only: "constructor" or "__proto__" from a URL are not messages.
  return Object.hasOwn(catalogues[locale], key);
}
