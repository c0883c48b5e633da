import { formatNumber } from "../../../domain/i18n/format";
import { useEffect, useRef, useState } from "react";
import { t } from "../../i18n";

/**
 * The live character count of a description ("312 / 1 000 caractères"), counting visible text like
 * the server does (domain/dossiers/rich-text.ts visibleTextLength). The count itself is not a live
 * region: screen readers are told only when the text comes near the limit (90 %) or goes over it,
 * once per change of zone, not on every keystroke.
 */

type Zone = "ok" | "near" | "over";

const fr = (n: number) => formatNumber(n, 0);

/** Visible characters of the editor's HTML, in the browser (DOMParser builds an inert document). */
export function visibleLengthOfHtml(html: string): number {
  if (typeof DOMParser === "undefined") return [...html.replace(/<[^>]*>/g, "")].length;
  const text = new DOMParser().parseFromString(html, "text/html").body.textContent ?? "";
  return [...text].length;
}

function zoneOf(length: number, max: number): Zone {
  if (length > max) return "over";
  return length >= Math.floor(max * 0.9) ? "near" : "ok";
}

export function CharacterCount({ id, length, max }: { id: string; length: number; max: number }) {
  const zone = zoneOf(length, max);
  const lastZone = useRef<Zone>(zone);
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    if (zone === lastZone.current) return;
    lastZone.current = zone;
    setAnnouncement(
      zone === "over"
        ? t("indicatorPage.count.over", { over: fr(length - max) })
        : zone === "near"
          ? t("indicatorPage.count.near", { left: fr(max - length) })
          : "",
    );
  }, [zone, length, max]);
  return (
    <>
      <p id={id} className={zone === "over" ? "field__error" : "muted"} data-zone={zone}>
        {t("indicatorPage.count", { count: fr(length), max: fr(max) })}
      </p>
      <p className="visually-hidden" aria-live="polite" id={`${id}-announce`}>
        {announcement}
      </p>
    </>
  );
}
