import { useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { t } from "../../i18n";

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
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={params.get(props.name) ?? props.fallback ?? ""}>
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

/** The choices of a list of named records. */
export function namedChoices(records: { id: string; name: string }[]): FilterChoice[] {
  return records.map((r) => ({ value: r.id, label: r.name }));
}
