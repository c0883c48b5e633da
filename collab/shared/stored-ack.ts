import type * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";

/**
 * "Saved" acknowledgements of the collaboration server (decision 014). A client opts in with the
 * query parameter `?ack=stored` (y-websocket's `params`); only such connections are ever sent
 * message type 4, so a stock WebsocketProvider keeps working unchanged and receives nothing new.
 *
 * The server numbers the update-bearing messages (sync step 2, update) it receives on the
 * connection and, once every change applied so far is durably written, sends `4, n`: "your first
 * n messages are stored". The client counts what it sent on the same connection: its sync step 2
 * (always sent, in reply to the server's step 1) and each local update sent while connected.
 * Isomorphic: the server encodes, the editor and the tests decode.
 */
export const messageStored = 4;
export const STORED_ACK_PARAMS = { ack: "stored" } as const;

/** Whether a connection URL asked for acknowledgements. */
export function wantsStoredAcks(url: string | undefined): boolean {
  const query = (url ?? "").split("?")[1];
  return query ? new URLSearchParams(query).get("ack") === STORED_ACK_PARAMS.ack : false;
}

export function encodeStoredMessage(storedMessages: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageStored);
  encoding.writeVarUint(encoder, storedMessages);
  return encoding.toUint8Array(encoder);
}

/** The subset of y-websocket's WebsocketProvider used here. */
interface ProviderLike {
  doc: Y.Doc;
  wsconnected: boolean;
  messageHandlers: Array<(encoder: encoding.Encoder, decoder: decoding.Decoder, ...rest: never[]) => void>;
  on(event: "status", listener: (event: { status: string }) => void): void;
  off(event: "status", listener: (event: { status: string }) => void): void;
}

/**
 * Installs the handler on a provider created with `params: STORED_ACK_PARAMS` and reports whether
 * every local change is stored by the server (false while offline with local changes). Install it
 * right after creating the provider. Returns a function that removes the listeners.
 */
export function trackStoredChanges(provider: ProviderLike, onChange: (allStored: boolean) => void): () => void {
  let sent = 0;
  let acknowledged = 0;
  let changedWhileDisconnected = false;
  let last: boolean | null = null;
  const report = () => {
    const allStored = sent <= acknowledged && !changedWhileDisconnected;
    if (allStored !== last) onChange((last = allStored));
  };
  const onStatus = ({ status }: { status: string }) => {
    if (status !== "connected") return;
    // A new connection: the server counts from zero, and our sync step 2 (offline changes included) is the first.
    sent = 1;
    acknowledged = 0;
    changedWhileDisconnected = false;
    report();
  };
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) return; // from the server
    if (provider.wsconnected) sent++;
    else changedWhileDisconnected = true;
    report();
  };
  provider.messageHandlers[messageStored] = (_encoder, decoder) => {
    acknowledged = Math.max(acknowledged, decoding.readVarUint(decoder));
    report();
  };
  provider.on("status", onStatus);
  provider.doc.on("update", onUpdate);
  report();
  return () => {
    provider.off("status", onStatus);
    provider.doc.off("update", onUpdate);
  };
}
