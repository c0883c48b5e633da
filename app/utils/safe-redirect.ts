/**
 * The one check for a redirect target that comes from input (?redirectTo=…, a form field): only a
 * path of this site is followed, anything else gives the caller's fallback.
 *
 * Browsers are lenient where servers are strict: they drop tabs and newlines from URLs, read "\" as
 * "/", and a Location of "//host" or "/\t/host" leaves the site. So the value must be a plain
 * absolute path (one leading "/", no backslash, no whitespace or control character), resolving it
 * against a placeholder origin must keep that origin, and its path, percent-decoded, must not start
 * a host either ("/%2F/host", "/%5Chost", "/／/host"). The result is the resolved path, query and fragment,
 * safe to put in a Location header.
 */
const PLACEHOLDER_ORIGIN = "http://datadock.invalid";
const MAX_LENGTH = 2000;
/** C0 and C1 controls, DEL, bidi and zero-width marks, line/paragraph separators, backslash. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\\]/u;
const WHITESPACE = /\s/u;

function startsAPath(value: string): boolean {
  return value.startsWith("/") && !value.startsWith("//") && !CONTROL.test(value);
}

/** Percent-decodes until stable (a few rounds at most); null when the encoding is broken or nests too deep. */
function fullyDecoded(value: string): string | null {
  let current = value;
  for (let round = 0; round < 4; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

/** `value` if it is a same-origin relative path (normalised), `fallback` otherwise. */
export function safeRedirectPath(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  if (!startsAPath(value) || WHITESPACE.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN || url.username || url.password) return fallback;
  const path = fullyDecoded(url.pathname);
  // Checked as written and as NFKC-normalising parsers read it ("／" and "＼" become "/" and "\").
  if (path === null || !startsAPath(path) || !startsAPath(path.normalize("NFKC"))) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
