import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { t } from "../../i18n";
import { cx } from "./class-names";
import { controlClasses, FieldHint, FieldLabel, FieldFrame } from "./field";
import { FieldError } from "./field-error";

/**
 * An accessible combobox with filtering (ARIA 1.2 "combobox + listbox" pattern, list autocomplete):
 * type to filter, ↓/↑ to move, Enter to choose, Escape to close. The chosen value is submitted by a hidden
 * input named `name`; the text box itself is not submitted.
 *
 *   <Combobox name="organisationId" label="Organisme" options={orgs} defaultValue={current} errors={…} />
 *
 * Options are matched on their label, case- and accent-insensitively. Use Select for short lists.
 * Options found by the server (the directory's search): pass `onTextChange` to fetch them as the person
 * types and `filter={false}` so the list shows them as they come.
 */
export interface ComboboxOption {
  value: string;
  label: string;
}

export interface ComboboxProps {
  name: string;
  label: string;
  options: ComboboxOption[];
  hint?: string;
  errors?: string[] | null;
  defaultValue?: string;
  /** Called with the chosen value ("" when cleared). */
  onValueChange?: (value: string) => void;
  /** Called with the typed text (to fetch options from the server). */
  onTextChange?: (text: string) => void;
  /** false: the options are already the matches (found by the server); default true. */
  filter?: boolean;
  id?: string;
  required?: boolean;
}

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

export function Combobox({
  name,
  label,
  options,
  hint,
  errors,
  defaultValue,
  onValueChange,
  onTextChange,
  filter = true,
  id,
  required,
}: ComboboxProps) {
  const generated = useId().replace(/:/g, "");
  const inputId = id ?? `combobox-${generated}`;
  const listId = `${inputId}-list`;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const initial = options.find((option) => option.value === defaultValue);
  const [value, setValue] = useState(initial?.value ?? "");
  const [text, setText] = useState(initial?.label ?? "");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);

  const matches = useMemo(() => {
    const query = fold(text.trim());
    if (!filter || !query || options.some((option) => option.label === text)) return options;
    return options.filter((option) => fold(option.label).includes(query));
  }, [options, text, filter]);

  const choose = (option: ComboboxOption) => {
    setValue(option.value);
    setText(option.label);
    setOpen(false);
    setActive(-1);
    onValueChange?.(option.value);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, matches.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === "Enter" && open && active >= 0 && matches[active]) {
      event.preventDefault();
      choose(matches[active]);
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      }
    }
  };

  const hasErrors = Boolean(errors && errors.length > 0);
  const describedBy = [hint ? hintId : null, hasErrors ? errorId : null].filter(Boolean).join(" ") || undefined;
  const activeId = open && active >= 0 && matches[active] ? `${listId}-${active}` : undefined;

  return (
    <FieldFrame invalid={hasErrors}>
      <FieldLabel htmlFor={inputId}>{label}</FieldLabel>
      {hint ? <FieldHint id={hintId}>{hint}</FieldHint> : null}
      <div className="relative">
        <input
          ref={inputRef}
          id={inputId}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={activeId}
          aria-describedby={describedBy}
          aria-invalid={hasErrors || undefined}
          required={required}
          className={controlClasses}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            onTextChange?.(event.target.value);
            setOpen(true);
            setActive(-1);
            if (value) {
              setValue("");
              onValueChange?.("");
            }
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        <input type="hidden" name={name} value={value} />
        <ul
          id={listId}
          role="listbox"
          aria-label={label}
          hidden={!open}
          className="absolute z-20 m-0 mt-1 max-h-64 w-full list-none overflow-auto rounded-md border border-border bg-white p-0 shadow-overlay"
        >
          {matches.map((option, index) => (
            <li
              key={option.value}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={option.value === value}
              className={cx(
                "cursor-pointer px-3 py-2",
                index === active && "bg-primary-soft outline-2 -outline-offset-2 outline-primary",
                option.value === value && "font-semibold",
              )}
              // mousedown, not click: it happens before the input's blur closes the list.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(option);
              }}
            >
              {option.label}
            </li>
          ))}
          {matches.length === 0 ? <li className="px-3 py-2 text-ink-subtle">{t("ui.combobox.noResult")}</li> : null}
        </ul>
        <p className="sr-only" aria-live="polite">
          {open ? t("ui.combobox.results", { count: matches.length }) : ""}
        </p>
      </div>
      <FieldError id={errorId} errors={errors} />
    </FieldFrame>
  );
}
