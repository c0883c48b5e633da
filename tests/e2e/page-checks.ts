import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";

/**
 * The checks of the page audit (issue 12), each run in the page as it is: width, axe-core, raw
 * message keys and raw markup. Each returns what it found (empty when the page is clean); the
 * audit collects them and fails once, at the end, with a table.
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** A catalogue key shown as text, e.g. `notifications.kind.examination.sent_back`. */
export const RAW_KEY = /\b[a-z]+(\.[a-zA-Z_]+){2,}\b/g;
/** Markup shown as text instead of being rendered. */
export const RAW_HTML = /<\/?(p|strong|em|ul|li|br)\b[^>]*>?/g;

/**
 * Waits for the page to settle: React has hydrated the body (Remix hydrates the whole document), the
 * router is idle (no navigation, revalidation or fetcher in flight: what the page loads after hydration
 * has arrived) and the web fonts are in. A barrier on the page's own state, not "network idle", which
 * waits at least half a second after the last request even on a page that is long done.
 * Bounded: a page that never hydrates (a raw error document) is audited as it stands.
 */
export async function settle(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () => {
        interface RouterState {
          initialized: boolean;
          navigation: { state: string };
          revalidation: string;
          fetchers: Map<string, { state: string }>;
        }
        if (!Object.keys(document.body).some((key) => key.startsWith("__react"))) return false;
        const state = (window as unknown as { __remixRouter?: { state: RouterState } }).__remixRouter?.state;
        if (!state) return false;
        return (
          state.initialized &&
          state.navigation.state === "idle" &&
          state.revalidation === "idle" &&
          [...state.fetchers.values()].every((fetcher) => fetcher.state === "idle")
        );
      },
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => undefined);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

export interface Overflow {
  scrollWidth: number;
  viewportWidth: number;
  /** The element reaching furthest right (the deepest of those that do), and its right edge. */
  widest: { selector: string; right: number; width: number } | null;
}

/** null when the document is no wider than the viewport. */
export async function checkOverflow(page: Page): Promise<Overflow | null> {
  return page.evaluate(() => {
    const viewportWidth = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= viewportWidth) return null;
    const selectorOf = (el: Element): string => {
      const parts: string[] = [];
      for (let node: Element | null = el; node && node !== document.documentElement && parts.length < 4; node = node.parentElement) {
        if (node.id) {
          parts.unshift(`#${CSS.escape(node.id)}`);
          break;
        }
        const classes = [...node.classList]
          .slice(0, 2)
          .map((c) => `.${CSS.escape(c)}`)
          .join("");
        parts.unshift(node.tagName.toLowerCase() + classes);
      }
      return parts.join(" > ");
    };
    // An element inside a scrolling (or clipping) box does not widen the document: name the widest one outside.
    const insideScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== "visible") return true;
      }
      return false;
    };
    let widest: { el: Element; right: number } | null = null;
    for (const el of document.body.querySelectorAll("*")) {
      if (insideScroller(el)) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      const right = rect.right + window.scrollX;
      // ">=" keeps the last (deepest, in document order) of the elements reaching as far.
      if (!widest || right >= widest.right) widest = { el, right };
    }
    return {
      scrollWidth,
      viewportWidth,
      widest: widest
        ? { selector: selectorOf(widest.el), right: Math.round(widest.right), width: Math.round(widest.el.getBoundingClientRect().width) }
        : null,
    };
  });
}

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core's critical and serious violations (its source goes in through evaluate: the CSP blocks injected scripts). */
export async function runAxe(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations as { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
  });
  return violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => ({ id: v.id, impact: v.impact ?? "", help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(" ")) }));
}

export interface RawText {
  keys: string[];
  markup: string[];
}

/** Raw catalogue keys and raw markup in the visible text. */
export async function findRawText(page: Page): Promise<RawText> {
  const text = await page.evaluate(() => document.body.innerText);
  const unique = (matches: IterableIterator<RegExpMatchArray>) => [...new Set([...matches].map((m) => m[0]))];
  return { keys: unique(text.matchAll(RAW_KEY)), markup: unique(text.matchAll(RAW_HTML)) };
}
