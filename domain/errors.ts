/**
 * Typed domain errors. Edges map them in one place each: HTTP status and French page
 * (app/utils/errors.server.ts), problem+json (API), close codes (collab).
 * `kind` rather than `instanceof`, so a copy bundled into the Remix build is recognised too.
 */
import type { MessageKey } from "./i18n/translate";

export type DomainErrorKind = "validation" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "rate_limited" | "unavailable";

/** The HTTP status of each kind, for every door that answers over HTTP (pages, API, the edge's safety net). */
export const HTTP_STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

export class DomainError extends Error {
  readonly isDomainError = true;
  constructor(
    readonly kind: DomainErrorKind,
    /** A key of the message catalogue (domain/i18n/fr.ts). */
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number> = {},
    /** Field-level errors: field name → message keys (zod issue messages: checked when shown, by messageKeyOrFallback). */
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(messageKey);
    this.name = "DomainError";
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return typeof error === "object" && error !== null && (error as { isDomainError?: unknown }).isDomainError === true;
}

export const notFound = (key: MessageKey = "errors.notFound") => new DomainError("not_found", key);
export const forbidden = (key: MessageKey = "errors.forbidden") => new DomainError("forbidden", key);
export const conflict = (key: MessageKey, params?: Record<string, string | number>) => new DomainError("conflict", key, params);
export const invalid = (fieldErrors: Record<string, string[]>, key: MessageKey = "errors.validation") =>
  new DomainError("validation", key, {}, fieldErrors);
