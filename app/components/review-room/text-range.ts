/**
 * A text range in a rendered description: offsets in its text content (the concatenation of its
 * text nodes) and the quoted passage (at most 300 characters, the annotation schema's limit).
 * Kept in an annotation's `position` as `text:<start>-<end>`.
 */
export interface TextRange {
  start: number;
  end: number;
  quote: string;
}

export const TEXT_POSITION_PREFIX = "text:";
const QUOTE_MAX = 300;

function textNodes(root: Node): Text[] {
  const walker = root.ownerDocument!.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const list: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) list.push(node as Text);
  return list;
}

/** The selection as a range of `root`'s text, trimmed of surrounding spaces; null when empty or outside. */
export function textRangeOf(root: HTMLElement, selection: Selection | null): TextRange | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
  const before = root.ownerDocument.createRange();
  before.setStart(root, 0);
  before.setEnd(range.startContainer, range.startOffset);
  let start = before.toString().length;
  const selected = range.toString();
  let end = start + selected.length;
  const content = root.textContent ?? "";
  while (start < end && /\s/.test(content[start] ?? "")) start++;
  while (end > start && /\s/.test(content[end - 1] ?? "")) end--;
  if (end <= start) return null;
  return { start, end, quote: content.slice(start, end).slice(0, QUOTE_MAX) };
}

/** Where an annotation's range is now: at its offsets if the text there still starts with the quote, else found by the quote. */
export function locateTextRange(content: string, position: string | null, quote: string | null): TextRange | null {
  const match = /^text:(\d+)-(\d+)$/.exec(position ?? "");
  if (!match || !quote) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end <= start) return null;
  if (content.slice(start, end).startsWith(quote)) return { start, end, quote };
  const found = content.indexOf(quote);
  return found < 0 ? null : { start: found, end: found + Math.max(end - start, quote.length), quote };
}

/** A DOM range over `root`'s text between two offsets, or null when out of bounds. */
export function rangeFromOffsets(root: Node, start: number, end: number): Range | null {
  const range = root.ownerDocument!.createRange();
  let seen = 0;
  let started = false;
  for (const node of textNodes(root)) {
    const length = node.data.length;
    if (!started && start <= seen + length) {
      range.setStart(node, start - seen);
      started = true;
    }
    if (started && end <= seen + length) {
      range.setEnd(node, end - seen);
      return range;
    }
    seen += length;
  }
  return null;
}
