import { data } from "@remix-run/node";
import type { MessageKey } from "../../domain/i18n/translate";
import { HTTP_STATUS_OF_KIND, isDomainError, type DomainErrorKind } from "../../domain/errors";
import { isDatabaseUnavailable } from "../../domain/database-unavailable";
import { asDomainError } from "../../domain/validation/data-exception";

const STATUS = HTTP_STATUS_OF_KIND;

/** A thrown response rendered by the French error boundary. */
export function httpError(status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503, messageKey?: MessageKey) {
  return data({ messageKey: messageKey ?? null }, { status });
}

/** Maps a domain error (or a data exception: bad input PostgreSQL refused) to the HTTP status and message key the error boundary shows; rethrows the rest. */
export function toHttpError(thrown: unknown): never {
  const error = asDomainError(thrown);
  if (isDomainError(error)) throw httpError(STATUS[error.kind] as 400, error.messageKey);
  if (isDatabaseUnavailable(error)) throw httpError(503, "errors.unavailable");
  throw error;
}

/** The French 503 page rather than a generic 500 (Remix hides the original error in production: mapped where caught). */
export { isDatabaseUnavailable };

export function statusOfDomainError(kind: DomainErrorKind): number {
  return STATUS[kind];
}

/**
 * `data(value, { status })`, typed as `value`: without the `Future.v3_singleFetch` type flag,
 * `useLoaderData<typeof loader>` would see the DataWithResponseInit wrapper instead of the data.
 */
export function withStatus<T>(value: T, status: number): T {
  return data(value, { status }) as unknown as T;
}
