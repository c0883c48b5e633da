import type { Submission, SubmissionResult } from "@conform-to/react";
import type { MessageKey } from "../../domain/i18n/translate";
import { isDomainError, type DomainErrorKind } from "../../domain/errors";
import { asDomainError } from "../../domain/validation/data-exception";
import { t } from "../i18n";
import { statusOfDomainError, toHttpError, withStatus } from "./http-errors.server";

/**
 * The one reply of a form action (docs/architecture.md, "Forms"; decision 033).
 *
 * An action parses its FormData with `parseWithZod(formData, { schema })` and then either
 * redirects, or returns a FormReply built here:
 * - `replyInvalid`: the schema refused the input: field errors (catalogue keys), a summary and the
 *   values typed (minus `hideFields`), status 400;
 * - `replyRefused`: the domain refused (a DomainError): its field errors plus its translated message
 *   as a form error, with the status of its kind. Kinds the form does not answer (by default all
 *   but validation and conflict) go to the French error page (toHttpError), as does a database outage;
 * - `replyDone`: done, with an optional success notice (until flash messages replace it).
 * The page gives `reply.result` to conform's `useForm({ lastResult })`, or reads it with the helpers
 * of app/components/ui/field-error.tsx.
 */
export interface FormReply {
  /** Which form of the page answered (its `intent`; "default" on one-form pages). */
  form: string;
  result: SubmissionResult<string[]>;
  /** The catalogue key of the domain refusal, when the domain refused. */
  refusedWith?: string;
  /** A success notice: catalogue key and parameters. */
  notice?: Notice;
}

export interface Notice {
  key: MessageKey;
  params?: Record<string, string | number>;
  /** "warning" when the work was done but something around it failed (e.g. a mail not sent). */
  tone?: "success" | "warning";
}

interface ReplyOptions {
  form?: string;
  /** Fields whose value is not sent back (passwords). */
  hideFields?: string[];
  /** Overrides the status (a page whose tests pin 200 for a refusal shown in the form). */
  status?: number;
}

export function replyInvalid(submission: Submission<unknown>, options: ReplyOptions = {}): FormReply {
  const result = submission.reply({ hideFields: options.hideFields ?? [], formErrors: [t("errors.validation")] });
  return withStatus({ form: options.form ?? "default", result }, options.status ?? 400);
}

export function replyRefused(
  submission: Submission<unknown>,
  thrown: unknown,
  options: ReplyOptions & {
    answers?: DomainErrorKind[];
    /** Rewrites the message's parameters (e.g. a status code shown as its French label). */
    params?: (params: Record<string, string | number>) => Record<string, string | number>;
    /** Further form errors after the domain's message (e.g. what a concurrent decision was). */
    moreFormErrors?: string[];
  } = {},
): FormReply {
  const answers = options.answers ?? ["validation", "conflict"];
  // A value PostgreSQL refused (bad input past the schema) is a validation error, not a 500.
  const error = asDomainError(thrown);
  if (!isDomainError(error) || !answers.includes(error.kind)) return toHttpError(error);
  const fieldErrors = Object.keys(error.fieldErrors).length > 0 ? error.fieldErrors : undefined;
  const result = submission.reply({
    hideFields: options.hideFields ?? [],
    fieldErrors,
    formErrors: [t(error.messageKey, options.params ? options.params(error.params) : error.params), ...(options.moreFormErrors ?? [])],
  });
  const reply: FormReply = { form: options.form ?? "default", result, refusedWith: error.messageKey };
  return withStatus(reply, options.status ?? statusOfDomainError(error.kind));
}

/** Every kind of domain error answered in the form (the accounts pages: 401, 403, 429…). */
export const ALL_KINDS: DomainErrorKind[] = [
  "validation",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "rate_limited",
  "unavailable",
];

export function replyDone(
  submission: Submission<unknown>,
  options: { form?: string; notice?: Notice; resetForm?: boolean } = {},
): FormReply {
  const reply: FormReply = { form: options.form ?? "default", result: submission.reply({ resetForm: options.resetForm ?? false }) };
  if (options.notice) reply.notice = options.notice;
  return reply;
}
