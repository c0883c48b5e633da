import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from "react";
import { t } from "../../i18n";
import { cx } from "./class-names";
import { FieldError } from "./field-error";

/**
 * A labelled control with its hint and its errors, linked by aria-describedby; aria-invalid on error.
 *
 *   <Field label="Nom" hint="Tel qu'au registre" errors={fieldErrors(reply, "name")}>
 *     {(control) => <Input name="name" {...control} />}
 *   </Field>
 *
 * `control` holds id, aria-describedby and aria-invalid: spread it on the one control. Errors are catalogue
 * keys (translated by FieldError). With conform, use TextField / SelectField of form-fields.tsx (same look).
 */
export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  required?: boolean;
}

export interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[] | null;
  /** The control's id (default: a generated unique one). */
  id?: string;
  required?: boolean;
  /** Errors shown without a page load (client checks) are announced at once. */
  announceErrors?: boolean;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}

export function Field({ label, hint, errors, id, required, announceErrors, className, children }: FieldProps) {
  const generated = useId();
  const controlId = id ?? `field-${generated.replace(/:/g, "")}`;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const hasErrors = Boolean(errors && errors.length > 0);
  const describedBy = [hint ? hintId : null, hasErrors ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <FieldFrame className={className} invalid={hasErrors}>
      <FieldLabel htmlFor={controlId}>{label}</FieldLabel>
      {hint ? <FieldHint id={hintId}>{hint}</FieldHint> : null}
      {children({ id: controlId, "aria-describedby": describedBy, "aria-invalid": hasErrors ? true : undefined, required })}
      <FieldError id={errorId} errors={errors} announce={announceErrors} />
    </FieldFrame>
  );
}

/** The frame of a field: the left rule turns red on error (not colour alone: the message says it). */
export function FieldFrame({
  invalid,
  flush = false,
  className,
  children,
}: {
  invalid?: boolean;
  /** No space below: the form lays out its own gaps (a grid with a gap). */
  flush?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cx("field flex max-w-xl flex-col gap-1", !flush && "mb-6", invalid && "border-l-2 border-error pl-3", className)}>
      {children}
    </div>
  );
}

export function FieldLabel({ htmlFor, children }: { htmlFor: string; children: ReactNode }) {
  return (
    <label htmlFor={htmlFor} className="font-medium text-ink">
      {children}
    </label>
  );
}

export function FieldHint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p className="field__hint m-0 text-sm text-ink-subtle" id={id}>
      {children}
    </p>
  );
}

/** The look of every text control (input, textarea, native select). */
export const controlClasses =
  "w-full min-h-10 rounded-t-md border-0 border-b-2 border-ink bg-surface-sunken px-3 py-2 text-base text-ink " +
  "aria-invalid:border-error disabled:opacity-60 placeholder:text-ink-subtle";

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function Input({ className, ...props }, ref) {
  return <input ref={ref} className={cx(controlClasses, className)} {...props} />;
});

export const Textarea = forwardRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement>>(function Textarea(
  { className, ...props },
  ref,
) {
  return <textarea ref={ref} className={cx(controlClasses, "min-h-24", className)} {...props} />;
});

/** "(facultatif)" or nothing: mark optional fields, not required ones (fewer marks to read). */
export function OptionalMark({ optional }: { optional?: boolean }) {
  return optional ? <span className="font-normal text-ink-subtle"> {t("ui.optional")}</span> : null;
}
