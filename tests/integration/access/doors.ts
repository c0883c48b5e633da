import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { decode } from "turbo-stream";
import type { HttpClient } from "../../setup/http-client";
import type { LiveClient } from "../live/helpers";
import { BARRIER_TIMEOUT_MS } from "../../setup/barrier";

/**
 * The doors of the portal as a test knocks on them: a Remix route's loader data (`?_data=`), a
 * socket.io join, and a real y-websocket connection to `/collab/<document>`.
 */

/**
 * GET a page's loader data the way the browser does under Remix single fetch (`<path>.data`, a
 * turbo-stream, decoded with Remix's own decoder): the status, and the data of every route when 200.
 */
export async function loaderData(client: HttpClient, path: string, search = ""): Promise<{ status: number; data: unknown }> {
  const response = await client.get(`${path}.data${search}`);
  if (response.status !== 200 || !response.body) return { status: response.status, data: null };
  const decoded = await decode(response.body);
  await decoded.done;
  return { status: 200, data: decoded.value };
}

/** A y-websocket provider that sends the user's session cookie, as the browser does. */
export function collabProvider(baseUrl: string, documentName: string, cookie: string, doc = new Y.Doc()) {
  const headers = { cookie };
  const Socket = class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, "ws")}/collab`, documentName, doc, {
    WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const closes: number[] = [];
  provider.on("connection-close", (event) => {
    if (event) closes.push(event.code);
  });
  return { doc, provider, closes };
}

/** Opens a document once: "synced" when the server let it in, else the close code it gave. */
export async function collabDoor(baseUrl: string, documentName: string, cookie: string): Promise<"synced" | number> {
  const { doc, provider, closes } = collabProvider(baseUrl, documentName, cookie);
  try {
    return await new Promise<"synced" | number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer for ${documentName}`)), 10_000);
      provider.on("sync", (synced: boolean) => {
        if (!synced) return;
        clearTimeout(timer);
        resolve("synced");
      });
      provider.on("connection-close", (event) => {
        clearTimeout(timer);
        resolve(event?.code ?? closes[0] ?? 1006);
      });
    });
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

/** A socket.io event with an acknowledgement: the server's answer. */
export async function socketDoor(
  socket: LiveClient,
  event: "dossier:join" | "threads:watch" | "organisation:join",
  id: string,
): Promise<string> {
  const reply = (await socket.timeout(BARRIER_TIMEOUT_MS).emitWithAck(event, id)) as { ok: boolean; error?: string };
  return reply.ok ? "ok" : (reply.error ?? "refused");
}
