import { fr, type MessageKey } from "./fr/index";

export type { MessageKey };
export type Locale = "fr";
export type MessageParams = Record<string, string | number>;

const catalogues: Record<Locale, Readonly<Record<MessageKey, string>>> = { fr };

/**
 * Looks up a message key in the locale's catalogue and fills `{name}` placeholders. Keys are typed
 * (`MessageKey`): a key missing from the French catalogue fails typecheck. A key only known at run
 * time (stored in the database, read from a URL) goes through `messageKeyOrFallback` first.
 */
export function translate(key: MessageKey, params: MessageParams = {}, locale: Locale = "fr"): string {
  const messages = catalogues[locale];
  const template = hasMessage(key, locale) ? messages[key] : messages["common.unknownMessage"];
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export const t = translate;

export function hasMessage(key: string, locale: Locale = "fr"): key is MessageKey {
  // Own keys only: "constructor" or "__proto__" from a URL are not messages.
  return Object.hasOwn(catalogues[locale], key);
}

/**
 * The one door for a key only known at run time: the key itself when the catalogue has it, else
 * the fallback (by default a generic French message), so a raw key is never shown.
 */
export function messageKeyOrFallback(value: string, fallback: MessageKey = "common.unknownMessage"): MessageKey {
  return hasMessage(value) ? value : fallback;
}

/** What looks like a catalogue key ("dossier.status.soumis"), as opposed to a sentence. */
const KEY_SHAPE = /^[A-Za-z][\w-]*(\.[\w-]+)+$/;

/**
 * A message that is either a catalogue key or text already translated (form replies carry both: zod
 * issue keys and the server's translated form errors). A key is translated; a key-shaped string the
 * catalogue does not know shows the generic message; a sentence shows as is.
 */
export function displayMessage(value: string, params: MessageParams = {}): string {
  if (hasMessage(value)) return translate(value, params);
  return KEY_SHAPE.test(value) ? translate("common.unknownMessage") : value;
}
