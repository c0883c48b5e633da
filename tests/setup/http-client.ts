/**
 * A tiny cookie-keeping HTTP client for integration tests against a running server.
 * Redirects are not followed: the 3xx Response comes back so tests can check Location.
 * POSTs carry `Origin: baseUrl` (what a browser sends for a same-origin form) unless told otherwise.
 */
export interface PostOptions {
  /** Origin header to send; `null` sends none. Defaults to the client's base URL. */
  origin?: string | null;
  headers?: Record<string, string>;
}

export type FormFields = Record<string, string | number | boolean | Array<string | number>>;

export interface HttpClient {
  baseUrl: string;
  /** Cookies currently held, name → value (attributes are ignored; one host only). */
  cookies: Map<string, string>;
  /** The Set-Cookie headers of the last response (empty when it set none). */
  lastSetCookie: string[];
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  postForm(path: string, fields: FormFields, options?: PostOptions): Promise<Response>;
  /** Any request, with the cookies, without following redirects. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** The Cookie header value the next request will send. */
  cookieHeader(): string;
}

export function createClient(baseUrl: string): HttpClient {
  const base = baseUrl.replace(/\/$/, "");
  const cookies = new Map<string, string>();

  const client: HttpClient = {
    baseUrl: base,
    cookies,
    lastSetCookie: [],
    cookieHeader() {
      return [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    },
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      const cookie = client.cookieHeader();
      if (cookie && !headers.has("cookie")) headers.set("cookie", cookie);
      const response = await fetch(new URL(path, `${base}/`), { ...init, headers, redirect: "manual" });
      client.lastSetCookie = response.headers.getSetCookie();
      for (const line of client.lastSetCookie) storeCookie(cookies, line);
      return response;
    },
    get(path, headers = {}) {
      return client.request(path, { method: "GET", headers });
    },
    postForm(path, fields, options = {}) {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) {
        for (const item of Array.isArray(value) ? value : [value]) body.append(name, String(item));
      }
      const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", ...options.headers };
      const origin = options.origin === undefined ? base : options.origin;
      if (origin !== null) headers.origin = origin;
      return client.request(path, { method: "POST", headers, body });
    },
  };
  return client;
}

/** Applies one Set-Cookie line: stores the value, or forgets the cookie when it is expired. */
function storeCookie(cookies: Map<string, string>, line: string): void {
  const [pair = "", ...attributes] = line.split(";");
  const eq = pair.indexOf("=");
  if (eq <= 0) return;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  let expired = value === "";
  for (const attribute of attributes) {
    const [key = "", ...rest] = attribute.split("=");
    const attributeValue = rest.join("=").trim();
    const lower = key.trim().toLowerCase();
    if (lower === "max-age" && Number(attributeValue) <= 0) expired = true;
    if (lower === "expires" && Date.parse(attributeValue) <= Date.now()) expired = true;
  }
  if (expired) cookies.delete(name);
  else cookies.set(name, value);
}
