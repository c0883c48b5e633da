import { z } from "zod";
import { invalid } from "../errors";
import { messageKeyOrFallback } from "../i18n/translate";

/**
 * Zod building blocks for every value that reaches a query: forms, URL parameters, search
 * parameters and API filters. Each refuses what PostgreSQL would refuse (a 500 otherwise):
 * NUL and control characters in text, dates outside the calendar or out of range, ids that are not
 * UUIDs, numbers that overflow. Isomorphic (pages may import them); messages are catalogue keys.
 */

/** C0 controls (NUL included), DEL and C1 controls, except tab, line feed and carriage return. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Lone UTF-16 surrogates cannot be encoded in UTF-8 (PostgreSQL refuses them). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasForbiddenCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value) || LONE_SURROGATE.test(value);
}

/** Text a person typed: no NUL or control characters (newline and tab are kept), at most `max` characters. */
export function safeText(max: number, options: { trim?: boolean; tooLongKey?: string } = {}) {
  const base = z.string({ error: "errors.required" });
  return (options.trim === false ? base : base.trim())
    .max(max, options.tooLongKey ?? "errors.tooLong")
    .refine((value) => !hasForbiddenCharacters(value), "validation.text.controlCharacters");
}

/** Required text: as safeText, and not empty once trimmed. */
export function requiredText(max: number, options: { tooLongKey?: string } = {}) {
  return safeText(max, options).refine((value) => value.length > 0, "errors.required");
}

/** Optional text from a form: "" and absent both become null. */
export function optionalText(max: number, options: { tooLongKey?: string } = {}) {
  return z.union([safeText(max, options), z.null(), z.undefined()]).transform((value) => (value ? value : null));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** An id: UUID-shaped (any version), never sent to SQL otherwise. */
export const uuidField = z.string({ error: "validation.id.invalid" }).regex(UUID, "validation.id.invalid");

/** Earliest and latest dates accepted anywhere: PostgreSQL's `date` goes further, JavaScript and people do not. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

/** `YYYY-MM-DD` naming a real calendar day (no 30 February) between MIN_YEAR and MAX_YEAR. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A calendar date from a `<input type="date">` or a query string, as `YYYY-MM-DD`. */
export const calendarDate = z.string({ error: "errors.required" }).trim().refine(isCalendarDate, "validation.date.invalid");

/**
 * A date-time (ISO 8601, e.g. an API filter): parseable, and within the same years as calendarDate.
 * Returns a Date.
 */
export const isoDateTime = z
  .string({ error: "validation.date.invalid" })
  .trim()
  .max(40, "validation.date.invalid")
  .refine((value) => /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value), "validation.date.invalid")
  .refine((value) => isCalendarDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value)), "validation.date.invalid")
  .transform((value) => new Date(value));

/** Largest page number any list accepts: far beyond any real list, far below an integer overflow. */
export const MAX_PAGE = 100_000;

/** A positive integer within [min, max], given as digits (a query string or a form field). */
export function boundedInt(min: number, max: number, key = "validation.number.invalid") {
  return z
    .string({ error: key })
    .trim()
    .regex(/^\d{1,9}$/, key)
    .transform(Number)
    .refine((value) => value >= min && value <= max, key);
}

/** `?page=`: 1…MAX_PAGE. */
export const pageNumber = boundedInt(1, MAX_PAGE, "validation.page.invalid");

/**
 * A search parameter that must pass the schema when present: absent or empty gives the fallback,
 * a bad value a validation DomainError naming it (the French 400 page shows the schema's message).
 */
export function requireSearchParam<S extends z.ZodType, F>(
  schema: S,
  name: string,
  value: string | null | undefined,
  fallback: F,
): z.output<S> | F {
  if (value === null || value === undefined || value === "") return fallback;
  const result = schema.safeParse(value);
  if (!result.success) {
    const key = messageKeyOrFallback(result.error.issues[0]?.message ?? "", "validation.input.invalid");
    throw invalid({ [name]: [key] }, key);
  }
  return result.data;
}

/**
 * A search parameter read leniently: the value if it passes the schema, the fallback otherwise.
 * For filters and pages, where a bad value is best ignored (the list shows unfiltered) rather than refused.
 */
export function searchParam<S extends z.ZodType, F>(schema: S, value: string | null | undefined, fallback: F): z.output<S> | F {
  if (value === null || value === undefined || value === "") return fallback;
  const result = schema.safeParse(value);
  return result.success ? result.data : fallback;
}
