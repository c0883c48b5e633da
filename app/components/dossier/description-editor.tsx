import { formatNumber } from "../../../domain/i18n/format";
import { useEffect, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { t } from "../../i18n";
import { fieldErrors, formErrors, isDone, type FormReplyData } from "../ui/field-error";
import { RichEditor } from "./rich-editor.client";
import { formatTime } from "../../../domain/i18n/format";
import { displayMessage } from "../../../domain/i18n/translate";
import { CharacterCount, visibleLengthOfHtml } from "./character-count";
import { Button } from "../ui/button";
import { cx } from "../ui/class-names";

type SaveState = "idle" | "dirty" | "saving" | "saved" | "error";

/**
 * The indicator's description with autosave: a pause of one second after typing (or leaving the
 * field) saves through a fetcher; the saved state is announced politely. The form also works without JS.
 */
export function DescriptionEditor({
  initial,
  disabled,
  maxChars,
  initialLength,
}: {
  initial: string;
  disabled: boolean;
  /** The référentiel version's limit, in characters of visible text. */
  maxChars: number;
  /** The stored description's visible length, as the server counted it. */
  initialLength: number;
}) {
  const fetcher = useFetcher<FormReplyData>();
  const [value, setValue] = useState(initial);
  const [state, setState] = useState<SaveState>("idle");
  const [length, setLength] = useState(initialLength);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastSent = useRef(initial);
  const valueRef = useRef(initial);
  // The rich editor mounts after hydration; before (and without JavaScript) the textarea is the field.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  function change(next: string) {
    valueRef.current = next;
    setValue(next);
    setLength(visibleLengthOfHtml(next));
    setState("dirty");
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => save(next), 1000);
  }

  function save(next: string) {
    if (timer.current) clearTimeout(timer.current);
    if (next === lastSent.current) return;
    lastSent.current = next;
    setState("saving");
    fetcher.submit({ intent: "description", description: next }, { method: "post" });
  }

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if (isDone(fetcher.data)) {
      setState((s) => (s === "saving" ? "saved" : s));
      setSavedAt(String(fetcher.data.notice?.params?.savedAt ?? new Date().toISOString()));
    } else {
      setState("error");
    }
  }, [fetcher.state, fetcher.data]);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const status =
    state === "dirty"
      ? t("indicatorPage.save.dirty")
      : state === "saving"
        ? t("indicatorPage.save.saving")
        : state === "saved" && savedAt
          ? t("indicatorPage.save.saved", { time: formatTime(savedAt) })
          : state === "error"
            ? t("indicatorPage.save.error", {
                message: displayMessage(formErrors(fetcher.data)?.[0] ?? fieldErrors(fetcher.data, "description")?.[0] ?? "errors.server"),
              })
            : t("indicatorPage.save.idle");

  return (
    <fetcher.Form
      method="post"
      className="form min-w-0"
      onSubmit={(e) => {
        e.preventDefault();
        save(value);
      }}
    >
      <input type="hidden" name="intent" value="description" />
      <div className="field">
        <label htmlFor={mounted ? undefined : "description"} id="description-label">
          {t("indicatorPage.description")}
        </label>
        <p className="field__hint" id="description-hint">
          {t("indicatorPage.descriptionHint")}
        </p>
        {mounted ? (
          <RichEditor
            initial={initial}
            disabled={disabled}
            labelId="description-label"
            describedBy="description-hint description-count save-status"
            onChange={change}
            onBlur={() => save(valueRef.current)}
          />
        ) : null}
        <textarea
          id="description"
          name="description"
          rows={10}
          value={value}
          disabled={disabled}
          hidden={mounted}
          aria-describedby="description-hint description-count save-status"
          onChange={(e) => change(e.target.value)}
          onBlur={() => save(value)}
        />
        <CharacterCount id="description-count" length={length} max={maxChars} />
        {initialLength > maxChars && !disabled ? (
          <p className="alert alert--warning" id="description-over-limit">
            {t("indicatorPage.count.overStored", { max: formatNumber(maxChars, 0) })}
          </p>
        ) : null}
      </div>
      <div className="flex min-w-0 flex-wrap items-center gap-x-4 gap-y-2">
        <p
          id="save-status"
          role="status"
          aria-live="polite"
          data-state={state}
          className={cx("m-0 min-w-0", state === "error" ? "text-error" : state === "saved" ? "text-success" : "text-ink-muted")}
        >
          {disabled ? "" : status}
        </p>
        {!disabled ? (
          <Button type="submit" size="sm" variant="secondary">
            {t("common.save")}
          </Button>
        ) : null}
      </div>
    </fetcher.Form>
  );
}
