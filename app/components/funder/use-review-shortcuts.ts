import { useEffect, useRef } from "react";

const EDITABLE = new Set(["INPUT", "TEXTAREA", "SELECT"]);

export interface ReviewShortcuts {
  /** j or Alt+ArrowDown. */
  next?: () => void;
  /** k or Alt+ArrowUp. */
  previous?: () => void;
  /** "?": the help overlay. */
  help?: () => void;
  /** v / c / n act on the page's decision form (`[data-review-form]`). */
  canDecide: boolean;
}

/**
 * Keyboard-driven review (issue 13): j / k (or Alt+↓ / Alt+↑) go to the next / previous indicator;
 * v decides "validé" and submits; c / n pick "à compléter" / "non conforme" and focus the reason;
 * "?" opens the help. Keys typed inside form fields or the notes editor are left alone (Alt+arrows
 * excepted outside text fields too).
 */
export function useReviewShortcuts(shortcuts: ReviewShortcuts) {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      if (target && (EDITABLE.has(target.tagName) || target.isContentEditable)) return;
      if (target?.closest("[role=dialog]")) return;
      const { next, previous, help, canDecide } = latest.current;
      const key = event.key.toLowerCase();
      const action = event.altKey
        ? event.key === "ArrowDown"
          ? next
          : event.key === "ArrowUp"
            ? previous
            : undefined
        : event.key === "?"
          ? help
          : key === "j"
            ? next
            : key === "k"
              ? previous
              : undefined;
      if (action) {
        event.preventDefault();
        action();
        return;
      }
      if (event.altKey) return;
      if (!canDecide) return;
      const decision = key === "v" ? "valide" : key === "c" ? "a_completer" : key === "n" ? "non_conforme" : null;
      if (!decision) return;
      const form = document.querySelector<HTMLFormElement>("[data-review-form]");
      const radio = form?.querySelector<HTMLInputElement>(`input[data-decision="${decision}"]`);
      if (!form || !radio) return;
      event.preventDefault();
      radio.click();
      if (decision === "valide") setTimeout(() => form.requestSubmit(), 0);
      else form.querySelector<HTMLTextAreaElement>("textarea[name=reason]")?.focus();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}
