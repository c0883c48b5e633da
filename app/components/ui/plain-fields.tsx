import type { InputHTMLAttributes, ReactNode } from "react";
import { FieldError, fieldErrors, type FormReplyData } from "./field-error";

/**
 * A labelled input of a form that reads its reply without conform's useForm (pages with many small
 * forms): the errors the reply holds for `errorName` (default: the input's name) show under it.
 */
export function ReplyInput({
  id,
  name,
  label,
  reply,
  errorName,
  ...input
}: { id: string; name: string; label: ReactNode; reply: FormReplyData | undefined; errorName?: string } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id" | "name"
>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} {...input} aria-describedby={`${id}-error`} />
      <FieldError id={`${id}-error`} errors={fieldErrors(reply, errorName ?? name)} />
    </div>
  );
}

/** A labelled required text area of a plain form. */
export function TextareaField({ id, name, label, rows }: { id: string; name: string; label: ReactNode; rows: number }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} rows={rows} required />
    </div>
  );
}
