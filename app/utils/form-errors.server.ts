import { data } from "@remix-run/node";
import type { Submission } from "@conform-to/react";
import { isDomainError } from "../../domain/errors";
import { t } from "../i18n";
import { asDomainError } from "../../domain/validation/data-exception";
import { statusOfDomainError, toHttpError } from "./http-errors.server";

/**
 * Form replies for conform (`useForm({ lastResult })`), used by every accounts page:
 * - invalid input comes back with its field errors (catalogue keys), a summary, and the values
 *   typed (passwords removed with `hideFields`), status 400;
 * - a DomainError becomes its field errors plus a translated form error, with the status of its
 *   kind (401 bad credentials, 403 unverified, 429 throttled…). A database outage is thrown as the
 *   French 503 page (toHttpError); anything else is rethrown.
 * `extra` is merged into the returned data (e.g. which form of the page answered).
 */
/**
 * `data(value, { status })`, typed as `value`: without the `Future.v3_singleFetch` type flag,
 * `useLoaderData<typeof loader>` would see the DataWithResponseInit wrapper instead of the data.
 */
export function withStatus<T>(value: T, status: number): T {
  return data(value, { status }) as unknown as T;
}

export function invalidSubmission<Extra extends object>(submission: Submission<unknown>, hideFields: string[] = [], extra?: Extra) {
  const result = submission.reply({ hideFields, formErrors: [t("errors.validation")] });
  return withStatus({ ...(extra as Extra), result }, 400);
}

export function domainErrorReply<Extra extends object>(
  submission: Submission<unknown>,
  thrown: unknown,
  hideFields: string[] = [],
  extra?: Extra,
) {
  const error = asDomainError(thrown);
  if (!isDomainError(error)) toHttpError(error);
  const fieldErrors = Object.keys(error.fieldErrors).length > 0 ? error.fieldErrors : undefined;
  const result = submission.reply({ hideFields, fieldErrors, formErrors: [t(error.messageKey, error.params)] });
  return withStatus({ ...(extra as Extra), result, errorKey: error.messageKey as string | null }, statusOfDomainError(error.kind));
}
