import { DomainError, isDomainError } from "../errors";

/**
 * The safety net behind the schemas: a value that still reached SQL and that PostgreSQL refused as
 * data (SQLSTATE class 22, "data exception": 22P02 invalid text representation, 22007/22008 bad or
 * out-of-range date, 22003 numeric overflow, 22021 NUL or bad UTF-8, 22P05 untranslatable
 * character, 22001 string too long…) is the caller's bad input, not a server fault. It becomes a
 * validation DomainError, which every edge maps: the French 400 page or the form's error, a 400
 * problem+json in the API. The failed statement aborted its transaction: nothing was stored.
 */
export function isDataException(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export const INVALID_INPUT_KEY = "validation.input.invalid";

/** A validation DomainError for a data exception; anything else unchanged. */
export function asDomainError(error: unknown): unknown {
  if (isDomainError(error) || !isDataException(error)) return error;
  const domain = new DomainError("validation", INVALID_INPUT_KEY);
  (domain as { cause?: unknown }).cause = error;
  return domain;
}
