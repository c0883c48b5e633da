import { forwardRef, type SelectHTMLAttributes } from "react";
import { cx } from "./class-names";
import { controlClasses } from "./field";

/**
 * A native <select> with the control look: the most accessible choice for forms (phones show their own picker).
 *   <Field label="Rôle">{(control) => <Select name="role" options={ROLES} {...control} />}</Field>
 * For long lists with typing, use Combobox.
 */
export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  options: SelectOption[];
  /** A first empty option (e.g. "Choisir…"), for a choice not made yet. */
  placeholder?: string;
}

export const Select = forwardRef<HTMLSelectElement, SelectProps>(function Select({ options, placeholder, className, ...props }, ref) {
  return (
    <select ref={ref} className={cx(controlClasses, "pr-8", className)} {...props}>
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
      {options.map((option) => (
        <option key={option.value} value={option.value} disabled={option.disabled}>
          {option.label}
        </option>
      ))}
    </select>
  );
});
