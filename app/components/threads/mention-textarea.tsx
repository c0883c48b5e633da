import { useId, useRef, useState, type KeyboardEvent } from "react";
import { t } from "../../i18n";

export interface MentionCandidate {
  id: string;
  name: string;
  side: "of" | "funder";
}

/** The "@query" right before the caret, if any. */
function queryAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@]{0,40})$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]!.toLocaleLowerCase("fr") };
}

function matches(candidate: MentionCandidate, query: string): boolean {
  if (!query) return true;
  const name = candidate.name.toLocaleLowerCase("fr");
  return name.startsWith(query) || name.split(/[\s.@-]+/).some((word) => word.startsWith(query));
}

/**
 * A reply box where "@" opens a list of the thread's participants (arrows, Entrée or Tab to pick,
 * Échap to close); picking inserts "@Name ". The server recognises mentions by those names.
 */
export function MentionTextarea({
  id,
  name,
  candidates,
  onTyping,
  describedBy,
  invalid,
  disabled,
}: {
  id: string;
  name: string;
  candidates: MentionCandidate[];
  onTyping?: () => void;
  describedBy?: string;
  invalid?: boolean;
  disabled?: boolean;
}) {
  const listId = useId();
  const hintId = `${id}-hint`;
  const area = useRef<HTMLTextAreaElement>(null);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const options = mention ? candidates.filter((c) => matches(c, mention.query)).slice(0, 8) : [];
  const open = mention !== null && candidates.length > 0;

  function update() {
    const el = area.current;
    if (!el) return;
    const next = queryAt(el.value, el.selectionStart ?? el.value.length);
    setMention(next);
    if (next?.query !== mention?.query) setActive(0);
  }

  function pick(candidate: MentionCandidate) {
    const el = area.current;
    if (!el || !mention) return;
    const caret = el.selectionStart ?? el.value.length;
    const inserted = `@${candidate.name} `;
    el.value = el.value.slice(0, mention.start) + inserted + el.value.slice(caret);
    const at = mention.start + inserted.length;
    el.setSelectionRange(at, at);
    el.focus();
    setMention(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open || options.length === 0) {
      if (open && event.key === "Escape") setMention(null);
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => (i + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      pick(options[Math.min(active, options.length - 1)]!);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setMention(null);
    }
  }

  const activeId = open && options[active] ? `${listId}-${options[active]!.id}` : undefined;
  return (
    <div className="thread-mention">
      <textarea
        ref={area}
        id={id}
        name={name}
        rows={4}
        required
        disabled={disabled}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-describedby={[hintId, describedBy].filter(Boolean).join(" ")}
        aria-invalid={invalid ? true : undefined}
        onInput={() => {
          update();
          onTyping?.();
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(event) => (event.key === "ArrowLeft" || event.key === "ArrowRight" ? update() : undefined)}
        onClick={update}
        onBlur={() => setTimeout(() => setMention(null), 150)}
      />
      <p id={hintId} className="muted">
        {t("threads.reply.hint")}
      </p>
      <ul id={listId} role="listbox" aria-label={t("threads.mention.label")} className="thread-mention__list" hidden={!open}>
        {open && options.length === 0 ? (
          <li role="option" aria-disabled="true" aria-selected="false" className="muted">
            {t("threads.mention.none")}
          </li>
        ) : null}
        {options.map((c, i) => (
          <li
            key={c.id}
            id={`${listId}-${c.id}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? "thread-mention__option thread-mention__option--active" : "thread-mention__option"}
            onMouseDown={(event) => {
              event.preventDefault();
              pick(c);
            }}
          >
            {c.name} <span className="muted">({t(`threads.mention.side.${c.side}`)})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
