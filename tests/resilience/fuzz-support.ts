import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Values that once reached SQL or overflowed: each must be refused in French (4xx) or ignored, never a 5xx. */
export const MALFORMED: { what: string; value: string }[] = [
  { what: "NUL byte", value: "a\u0000b" },
  { what: "control characters", value: "\u0001\u0008\u001b[31m\u007f" },
  { what: "lone surrogate", value: "x\ud800y" },
  { what: "huge text", value: "é".repeat(200_000) },
  { what: "negative", value: "-1" },
  { what: "year 0", value: "0000-01-01" },
  { what: "year 10000", value: "10000-01-01" },
  { what: "30 February", value: "2026-02-30" },
  { what: "36 dashes", value: "-".repeat(36) },
  { what: "not a UUID", value: "abc" },
  { what: "1e20", value: "1e20" },
  { what: "Infinity", value: "Infinity" },
  { what: "20 digits", value: "99999999999999999999" },
];

export interface PageForm {
  method: "get" | "post";
  action: string;
  multipart: boolean;
  /** Field name → default value (the first one rendered). */
  fields: Map<string, string>;
}

const decodeEntities = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");

function attributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [, name, value] of tag.matchAll(/([a-zA-Z][\w-]*)="([^"]*)"/g)) attrs[name!.toLowerCase()] = decodeEntities(value!);
  return attrs;
}

/** The forms of a server-rendered page, with their fields' rendered values. */
export function formsOf(html: string, pagePath: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const [, open, inner] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = attributes(open!);
    const fields = new Map<string, string>();
    for (const [tag] of inner!.matchAll(/<(input|button)\b[^>]*>/g)) {
      const a = attributes(tag);
      if (!a.name || fields.has(a.name)) continue;
      if (a.type === "file") continue;
      fields.set(a.name, a.value ?? (a.type === "checkbox" ? "on" : ""));
    }
    for (const [, open2, body] of inner!.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const a = attributes(open2!);
      const options = [...body!.matchAll(/<option\b([^>]*)>/g)].map((m) => attributes(m[1]!));
      const chosen = options.find((o) => "selected" in o) ?? options.find((o) => o.value) ?? options[0];
      if (a.name && !fields.has(a.name)) fields.set(a.name, chosen?.value ?? "");
    }
    for (const [, open2, body] of inner!.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const a = attributes(open2!);
      if (a.name && !fields.has(a.name)) fields.set(a.name, decodeEntities(body!));
    }
    forms.push({
      method: (attrs.method ?? "get").toLowerCase() === "post" ? "post" : "get",
      action: attrs.action ?? pagePath,
      multipart: (attrs.enctype ?? "").includes("multipart"),
      fields,
    });
  }
  return forms;
}

const NAMES = /(?:\.get|\.getAll|text|field)\((?:form, )?"([a-zA-Z_]+)"\)/g;
const HEADERS = new Set(["accept", "authorization", "cookie", "content-type", "origin", "user-agent"]);

/** Every form field or search parameter name a route's module (or a helper it names) reads. */
export function namesReadBy(files: string[]): string[] {
  const names = new Set<string>();
  for (const file of files) {
    const source = readFileSync(join(process.cwd(), file), "utf8");
    for (const [, name] of source.matchAll(NAMES)) if (!HEADERS.has(name!)) names.add(name!);
  }
  return [...names];
}

/** Runs the tasks with at most `limit` in flight. */
export async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}

/** encodeURIComponent, except that a lone surrogate becomes the invalid UTF-8 bytes a hostile client would send. */
export function encodeAny(value: string): string {
  return value
    .split(/([\uD800-\uDFFF])/)
    .map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? "%ED%A0%80" : encodeURIComponent(part)))
    .join("");
}
