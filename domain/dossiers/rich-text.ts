/**
 * Descriptions are rich text (HTML from the editor). Whatever a client posts, we keep only an
 * allow-list of formatting tags, without attributes (links keep an http(s) href), and escape the
 * rest as text, so a description is safe to render for funders.
 */
const ALLOWED = new Set(["p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code", "pre", "a"]);
const VOID = new Set(["br"]);

function escapeText(text: string): string {
  return text
    .replace(/&(?!(?:[a-z]+|#\d+|#x[0-9a-f]+);)/gi, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function sanitizeRichText(html: string): string {
  let out = "";
  const open: string[] = [];
  const tokens = html.replace(/<!--[\s\S]*?-->/g, "").split(/(<[^<>]*>)/);
  for (const token of tokens) {
    if (!token) continue;
    const tag = /^<\s*(\/)?\s*([a-zA-Z][a-zA-Z0-9]*)([^>]*)>$/.exec(token);
    if (!tag) {
      out += escapeText(token);
      continue;
    }
    const closing = Boolean(tag[1]);
    const name = tag[2].toLowerCase();
    if (!ALLOWED.has(name)) continue;
    if (VOID.has(name)) {
      if (!closing) out += `<${name}>`;
      continue;
    }
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at < 0) continue;
      while (open.length > at) out += `</${open.pop()}>`;
      continue;
    }
    if (name === "a") {
      const href = /\shref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag[3]);
      const url = href ? (href[2] ?? href[3] ?? href[4] ?? "") : "";
      out += /^https?:\/\//i.test(url.trim()) ? `<a href="${escapeAttribute(url.trim())}" rel="noopener noreferrer nofollow">` : "<a>";
    } else {
      out += `<${name}>`;
    }
    open.push(name);
  }
  while (open.length > 0) out += `</${open.pop()}>`;
  return out;
}
