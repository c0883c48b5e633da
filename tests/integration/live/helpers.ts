import { io, type Socket } from "socket.io-client";
import { createClient, type HttpClient } from "../../setup/http-client";
import type { ClientToServerEvents, JoinReply, ServerToClientEvents } from "../../../collab/shared/events";
import { BARRIER_TIMEOUT_MS } from "../../setup/barrier";

export const DEMO_PASSWORD = "datadock-demo";
export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Logs a demo user in through the real server (POST /login) and keeps the session cookie. */
export async function login(baseUrl: string, email: string): Promise<HttpClient> {
  const client = createClient(baseUrl);
  const response = await client.postForm("/login", { email, password: DEMO_PASSWORD });
  if (response.status !== 302) throw new Error(`login of ${email} answered ${response.status}`);
  return client;
}

/** A socket.io client at /socket.io carrying the cookie (and an Origin, like a browser, when given). */
export function connectLive(baseUrl: string, cookie: string | null, origin?: string): LiveClient {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (origin) headers.origin = origin;
  return io(baseUrl, { path: "/socket.io", transports: ["websocket"], extraHeaders: headers, reconnection: false, forceNew: true });
}

/** Resolves on connect, rejects with the server's connect_error message. */
export function connected(socket: LiveClient): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(error));
  });
}

export function join(socket: LiveClient, dossierId: string): Promise<JoinReply> {
  return socket.timeout(BARRIER_TIMEOUT_MS).emitWithAck("dossier:join", dossierId);
}

/** The next event of that name whose payload satisfies `accept`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: LiveClient,
  event: E,
  accept: (...args: Parameters<ServerToClientEvents[E]>) => boolean,
  timeoutMs = BARRIER_TIMEOUT_MS,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!accept(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(args[0]);
    };
    socket.on(event, listener as never);
  });
}

/** Dossier ids from alice's examination queue, by organisation name. */
export async function queueDossiers(reviewer: HttpClient): Promise<Map<string, string>> {
  const html = await (await reviewer.get("/financeur/examens")).text();
  const ids = new Map<string, string>();
  for (const [row] of html.matchAll(/<tr[\s\S]*?<\/tr>/g)) {
    // The organisation's name is the text of the row's link to its examination.
    const link = /<a[^>]*href="\/financeur\/examens\/([0-9a-f-]{36})"[^>]*>([\s\S]*?)<\/a>/.exec(row);
    const id = link?.[1];
    const name = link?.[2]?.replace(/<[^>]+>/g, " ").trim();
    if (id && name) ids.set(name, id);
  }
  return ids;
}

/** From a funder's examination page: the OF's organisation id and each indicator's id and review version. */
export async function examinationPage(
  reviewer: HttpClient,
  dossierId: string,
): Promise<{ organisationId: string; indicators: Map<string, { id: string; expectedVersion: string }> }> {
  const html = await (await reviewer.get(`/financeur/examens/${dossierId}`)).text();
  const organisationId = /\/financeur\/organismes\/([0-9a-f-]{36})/.exec(html)?.[1];
  if (!organisationId) throw new Error("no organisation link on the examination page");
  // The review room shows one indicator at a time (?indicateur=<code>): read the rail's codes, then each
  // indicator's decision form (present only for those who may decide).
  const codes = [...new Set([...html.matchAll(/[?&]amp;indicateur=([0-9.]+)|[?&]indicateur=([0-9.]+)/g)].map((m) => m[1] ?? m[2]!))];
  const indicators = new Map<string, { id: string; expectedVersion: string }>();
  for (const code of codes) {
    const page = await (await reviewer.get(`/financeur/examens/${dossierId}?indicateur=${code}`)).text();
    const id = /name="indicatorId" value="([0-9a-f-]{36})"/.exec(page)?.[1];
    const expectedVersion = /name="expectedVersion" value="(\d*)"/.exec(page)?.[1] ?? "";
    if (id) indicators.set(code, { id, expectedVersion });
  }
  return { organisationId, indicators };
}

/** Decodes the HTML entities Remix/React write in text (enough for names and French labels). */
export function htmlText(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ");
}
