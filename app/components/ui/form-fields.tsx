import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import type { HTMLInputAutoCompleteAttribute, ReactNode } from "react";
import { FieldError } from "./field-error";
import { controlClasses, FieldFrame, FieldHint, FieldLabel } from "./field";
import { cx } from "./class-names";

/**
 * Labelled form fields on conform metadata: hint and errors are linked to the control with
 * aria-describedby, aria-invalid is set on error, and the submitted value comes back after a
 * server error (passwords excepted). Messages are catalogue keys, translated here.
 */

type InputType = "text" | "email" | "password" | "tel" | "url" | "search";

export function TextField({
  meta,
  label,
  hint,
  type = "text",
  autoComplete,
  inputMode,
}: {
  meta: FieldMetadata<string | undefined>;
  label: ReactNode;
  hint?: ReactNode;
  type?: InputType;
  autoComplete?: HTMLInputAutoCompleteAttribute;
  inputMode?: "numeric" | "email" | "text";
}) {
  const { key: _key, ...props } = getInputProps(meta, {
    type,
    ariaDescribedBy: hint ? meta.descriptionId : undefined,
    value: type !== "password",
  });
  return (
    <FieldFrame invalid={Boolean(meta.errors?.length)} flush>
      <FieldLabel htmlFor={meta.id}>{label}</FieldLabel>
      {hint ? <FieldHint id={meta.descriptionId}>{hint}</FieldHint> : null}
      <input key={meta.key} {...props} autoComplete={autoComplete} inputMode={inputMode} className={controlClasses} />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </FieldFrame>
  );
}

export function SelectField({
  meta,
  label,
  hint,
  options,
}: {
  meta: FieldMetadata<string | undefined>;
  label: ReactNode;
  hint?: ReactNode;
  options: Array<{ value: string; label: string }>;
}) {
  const { key: _key, ...props } = getSelectProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <FieldFrame invalid={Boolean(meta.errors?.length)} flush>
      <FieldLabel htmlFor={meta.id}>{label}</FieldLabel>
      {hint ? <FieldHint id={meta.descriptionId}>{hint}</FieldHint> : null}
      <select key={meta.key} {...props} className={cx(controlClasses, "pr-8")}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={meta.errorId} errors={meta.errors} />
    </FieldFrame>
  );
}
