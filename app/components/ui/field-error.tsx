import type { SubmissionResult } from "@conform-to/react";
import { t } from "../../i18n";
import { displayMessage, type MessageKey } from "../../../domain/i18n/translate";
import { Alert } from "./alert";

/**
 * The one way a page shows what a form action answered (docs/architecture.md, "Forms").
 * Messages are catalogue keys (schemas, domain field errors) or text already translated by the
 * server (form errors): displayMessage translates the keys and shows a generic message for an unknown one.
 */

/** The reply of a form action, as the page receives it (app/utils/form-reply.server.ts). */
export interface FormReplyData {
  form: string;
  result: SubmissionResult<string[]>;
  refusedWith?: string;
  notice?: { key: MessageKey; params?: Record<string, string | number>; tone?: "success" | "warning" };
}

/** The reply if it answers `form` (pages with several forms), else undefined. */
export function replyFor<R extends FormReplyData>(reply: R | undefined, form: string): R | undefined {
  return reply && reply.form === form ? reply : undefined;
}

/** The action did the work (a fetcher's reply, before it empties its form). */
export function isDone(reply: FormReplyData | undefined): boolean {
  // A reply that resets its form carries no status, only a null initial value.
  return reply !== undefined && reply.result.status !== "error";
}

/** Errors of one field of a reply (without conform's useForm: pages with many small forms). */
export function fieldErrors(reply: FormReplyData | undefined, name: string): string[] | undefined {
  const errors = reply?.result.error?.[name];
  return errors && errors.length > 0 ? errors : undefined;
}

/** Errors of the whole form of a reply. */
export function formErrors(reply: FormReplyData | undefined): string[] | undefined {
  return fieldErrors(reply, "");
}

/**
 * The error text under a field; `id` is what the control's aria-describedby names. `announce` for
 * errors that appear without a page load (client-side checks): screen readers read them at once.
 */
export function FieldError({ id, errors, announce = false }: { id: string; errors: string[] | null | undefined; announce?: boolean }) {
  if (!errors || errors.length === 0) return null;
  return (
    <p className="field__error" id={id} role={announce ? "alert" : undefined}>
      {errors.map((message) => displayMessage(message)).join(" ")}
    </p>
  );
}

/** Errors of the whole form (bad credentials, throttling, a refused decision…), announced to screen readers. */
export function FormErrors({ id, errors }: { id?: string; errors: string[] | null | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <Alert tone="error" id={id}>
      {errors.map((message) => (
        <p key={message}>{displayMessage(message)}</p>
      ))}
    </Alert>
  );
}

/** The success notice of a reply, if any. */
export function FormNotice({ reply }: { reply: FormReplyData | undefined }) {
  if (!reply?.notice) return null;
  return (
    <Alert tone={reply.notice.tone === "warning" ? "warning" : "success"}>
      <p>{t(reply.notice.key, reply.notice.params)}</p>
    </Alert>
  );
}

/**
 * One line for a page of small forms without per-field messages (lists of buttons): the notice when
 * done, else the first field error, else the form error.
 */
export function ReplyMessages({ reply }: { reply: FormReplyData | undefined }) {
  if (!reply) return null;
  if (isDone(reply)) return <FormNotice reply={reply} />;
  const firstFieldError = Object.entries(reply.result.error ?? {}).find(
    ([name, errors]) => name !== "" && errors && errors.length > 0,
  )?.[1]?.[0];
  return <FormErrors errors={firstFieldError ? [firstFieldError] : formErrors(reply)} />;
}
