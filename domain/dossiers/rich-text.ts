import sanitizeHtml from "sanitize-html";

/**
 * Descriptions are rich text (HTML from the Tiptap editor, or typed in the no-JavaScript textarea).
 * Whatever a client posts, we store only what the editor itself produces: an allow-list of
 * formatting tags, without attributes, except links (an http(s) href, always with a safe rel) and an
 * ordered list's start number. Everything else is dropped (script and style bodies included) or
 * escaped as text, so a stored description is safe to render for funders. The parsing and
 * serialising is sanitize-html's (htmlparser2); only the allow-list is ours.
 */

/** What the editor's StarterKit emits (headings 2–3; links and underline are off but older text has them). */
const ALLOWED_TAGS = [
  "p",
  "br",
  "strong",
  "b",
  "em",
  "i",
  "u",
  "s",
  "ul",
  "ol",
  "li",
  "h2",
  "h3",
  "h4",
  "blockquote",
  "code",
  "pre",
  "hr",
  "a",
];
const LINK_REL = "noopener noreferrer nofollow";

function isWebUrl(value: string | undefined): value is string {
  if (!value) return false;
  try {
    const url = new URL(value.trim());
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ["href", "rel"], ol: ["start"] },
  allowedSchemes: ["http", "https"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Bodies of these are code or widgets, never text the author wrote.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "template", "iframe", "object", "svg", "math"],
  transformTags: {
    // A link keeps an absolute http(s) href and gets our rel; any other link becomes a bare <a>.
    a: (_tagName, attribs): sanitizeHtml.Tag => {
      const href = attribs.href;
      return { tagName: "a", attribs: isWebUrl(href) ? { href: href.trim(), rel: LINK_REL } : {} };
    },
    ol: (_tagName, attribs): sanitizeHtml.Tag => {
      const start = attribs.start;
      return { tagName: "ol", attribs: start !== undefined && /^\d{1,6}$/.test(start) ? { start } : {} };
    },
  },
};

export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

const TEXT_ONLY: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  disallowedTagsMode: "discard",
  nonTextTags: OPTIONS.nonTextTags ?? [],
};

/**
 * The visible text of a description (what the form's length rule counts): the tags dropped by the
 * same parser as the sanitizer, the entities it re-escapes read back as the characters they are.
 */
export function visibleText(html: string): string {
  return sanitizeHtml(html, TEXT_ONLY).replace(/&(amp|lt|gt|quot|#39);/g, (_m, name: string) =>
    name === "amp" ? "&" : name === "lt" ? "<" : name === "gt" ? ">" : name === "quot" ? '"' : "'",
  );
}

/** Characters of visible text, counted as the browser's counter counts them (code points). */
export function visibleTextLength(html: string): number {
  return [...visibleText(html)].length;
}
