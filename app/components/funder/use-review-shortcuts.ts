import { useEffect, useRef } from "react";

const EDITABLE = new Set(["INPUT", "TEXTAREA", "SELECT"]);

/**
 * Keyboard-driven review: j / k focus the next / previous indicator; v decides "validé" and
 * submits; c / n pick "à compléter" / "non conforme" and focus the reason (required).
 * Keys typed inside form fields are left alone.
 */
export function useReviewShortcuts(enabled: boolean) {
  const current = useRef(-1);
  useEffect(() => {
    if (!enabled) return;
    function articles(): HTMLElement[] {
      return Array.from(document.querySelectorAll<HTMLElement>("[data-review-index]"));
    }
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && (EDITABLE.has(target.tagName) || target.isContentEditable)) return;
      const list = articles();
      if (list.length === 0) return;
      const focused = target?.closest<HTMLElement>("[data-review-index]");
      if (focused) current.current = Number(focused.dataset.reviewIndex);
      const key = event.key.toLowerCase();
      if (key === "j" || key === "k") {
        event.preventDefault();
        const next = key === "j" ? Math.min(list.length - 1, current.current + 1) : Math.max(0, current.current - 1);
        current.current = next;
        list[next]?.focus();
        list[next]?.scrollIntoView({ block: "start" });
        return;
      }
      const decision = key === "v" ? "valide" : key === "c" ? "a_completer" : key === "n" ? "non_conforme" : null;
      if (!decision || current.current < 0) return;
      const article = list[current.current];
      const form = article?.querySelector<HTMLFormElement>("[data-review-form]");
      const radio = form?.querySelector<HTMLInputElement>(`input[data-decision="${decision}"]`);
      if (!form || !radio) return;
      event.preventDefault();
      radio.checked = true;
      if (decision === "valide") form.requestSubmit();
      else form.querySelector<HTMLTextAreaElement>("textarea")?.focus();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [enabled]);
}
