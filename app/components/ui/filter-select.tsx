import { Form, Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { t } from "../../i18n";
import { Button } from "./button";
import { controlClasses, FieldHint, FieldLabel } from "./field";
import { cx } from "./class-names";

/**
 * A GET filter form (the queue, the reports): its fields in a wrapping grid (one column on phones), then
 * the "Filtrer" button and an optional reset link on their own row, so nothing overlaps at any width.
 *   <FilterForm label="Filtrer la file" resetTo="/financeur/examens"><FilterSelect …/><FilterInput …/></FilterForm>
 */
export function FilterForm({
  label,
  resetTo,
  submitLabel,
  children,
}: {
  label: string;
  resetTo?: string;
  /** The button's words when "Filtrer" is not what it does (the directory: "Rechercher"). */
  submitLabel?: string;
  children: ReactNode;
}) {
  return (
    <Form method="get" aria-label={label} className="mb-6 rounded-md border border-line bg-surface-alt p-4">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">{children}</div>
      <div className="mt-4 flex flex-wrap items-center gap-4">
        <Button type="submit">{submitLabel ?? t("examination.queue.filter")}</Button>
        {resetTo ? <Link to={resetTo}>{t("examination.queue.reset")}</Link> : null}
      </div>
    </Form>
  );
}

export interface FilterChoice {
  value: string;
  label: ReactNode;
}

/**
 * One select of a GET filter form: its value starts from the query string (or `fallback`), and an
 * "all" choice (empty value) comes first unless `all` is false; `leading` options follow it.
 */
export function FilterSelect(props: {
  id: string;
  name: string;
  label: string;
  choices: FilterChoice[];
  all?: boolean;
  fallback?: string;
  leading?: ReactNode;
}) {
  const [params] = useSearchParams();
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <FieldLabel htmlFor={props.id}>{props.label}</FieldLabel>
      <select
        id={props.id}
        name={props.name}
        defaultValue={params.get(props.name) ?? props.fallback ?? ""}
        className={cx(controlClasses, "min-w-0 pr-8")}
      >
        {props.all === false ? null : <option value="">{t("examination.queue.all")}</option>}
        {props.leading}
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** One text, number or date input of a GET filter form, its value from the query string (or `fallback`). */
export function FilterInput(props: {
  id: string;
  name: string;
  label: string;
  type: "text" | "number" | "date" | "search";
  fallback?: string;
  min?: number;
  hint?: string;
}) {
  const [params] = useSearchParams();
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <FieldLabel htmlFor={props.id}>{props.label}</FieldLabel>
      {props.hint ? <FieldHint id={`${props.id}-hint`}>{props.hint}</FieldHint> : null}
      <input
        id={props.id}
        name={props.name}
        type={props.type}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        min={props.min}
        inputMode={props.type === "number" ? "numeric" : undefined}
        defaultValue={params.get(props.name) ?? props.fallback ?? ""}
        className={cx(controlClasses, "min-w-0")}
      />
    </div>
  );
}

/** The choices of a list of named records. */
export function namedChoices(records: { id: string; name: string }[]): FilterChoice[] {
  return records.map((r) => ({ value: r.id, label: r.name }));
}
