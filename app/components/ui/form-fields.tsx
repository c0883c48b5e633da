import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import type { HTMLInputAutoCompleteAttribute, ReactNode } from "react";
import { FieldError } from "./field-error";

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
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={meta.descriptionId}>
          {hint}
        </p>
      ) : null}
      <input key={meta.key} {...props} autoComplete={autoComplete} inputMode={inputMode} />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
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
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={meta.descriptionId}>
          {hint}
        </p>
      ) : null}
      <select key={meta.key} {...props}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
