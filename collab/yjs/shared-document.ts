import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import {
  ProtocolError,
  encodeAwareness,
  encodeAwarenessEntries,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  type AwarenessEntry,
  type ClientMessage,
} from "./protocol";
import { encodeStoredMessage } from "../shared/stored-ack";
import { parseDocumentName } from "../shared/document-names";
import { checkAnnotationChange } from "./annotation-guard";

/** Transaction origin of the state read from persistence: neither stored again nor relayed. */
export const LOAD_ORIGIN = Symbol("collab:load");
/** Transaction origin of updates and awareness received from another instance: never re-published. */
export const RELAY_ORIGIN = Symbol("collab:relay");

/** What a shared document needs from a connection. */
export interface DocumentPeer {
  readonly id: string;
  readonly userId: string;
  readonly readOnly: boolean;
  /** May change what others wrote (evidence and description annotations: the dossier's examiner). */
  readonly moderator?: boolean;
  /** The name and colour its awareness states must show (from the session); absent: left as sent. */
  readonly displayUser?: { name: string; color: string } | null;
  /** Opted in (`?ack=stored`) to the "stored" acknowledgements (collab/shared/stored-ack.ts). */
  readonly acknowledgesStores?: boolean;
  /** Must not throw; a peer that cannot take the frame closes itself. */
  send(frame: Uint8Array): void;
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/**
 * One loaded document: the Y.Doc, its awareness, and the peers (connections) attached to it.
 * Updates and awareness changes are broadcast to every peer but the one they came from; each
 * peer's awareness client ids are tracked and removed when it leaves.
 */
export class SharedDocument {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly peers = new Map<DocumentPeer, Set<number>>();
  private readonly owners = new Map<number, DocumentPeer>();
  /** Update-bearing messages received from each acknowledging peer (collab/shared/stored-ack.ts). */
  private readonly received = new Map<DocumentPeer, number>();
  /**
   * Resolves true once every change applied so far is durably stored (false if a write failed).
   * Set by the registry; without persistence everything counts as stored at once.
   */
  whenStored: () => Promise<boolean> = () => Promise.resolve(true);

  /** Checks an update from a non-moderator writer before it is applied (throws ChangeRefused). */
  private readonly guard: ((doc: Y.Doc, update: Uint8Array, userId: string) => void) | null;

  constructor(readonly name: string) {
    const kind = parseDocumentName(name)?.kind;
    this.guard = kind === "evidence" || kind === "answer" ? checkAnnotationChange : null;
    this.awareness.setLocalState(null);
    this.doc.on("update", this.broadcastUpdate);
    this.awareness.on("update", this.broadcastAwareness);
  }

  get peerCount(): number {
    return this.peers.size;
  }

  listPeers(): DocumentPeer[] {
    return [...this.peers.keys()];
  }

  /** Attaches a peer and starts the sync: our state vector, then everyone's awareness. */
  addPeer(peer: DocumentPeer): void {
    this.peers.set(peer, new Set());
    peer.send(encodeSyncStep1(this.doc));
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length > 0) peer.send(encodeAwareness(this.awareness, clients));
  }

  /** Detaches a peer and removes the awareness states it controlled (broadcast as removals). */
  removePeer(peer: DocumentPeer): void {
    const owned = this.peers.get(peer);
    if (!owned) return;
    this.peers.delete(peer);
    this.received.delete(peer);
    for (const clientId of owned) this.owners.delete(clientId);
    if (owned.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...owned], null);
  }

  /** Handles one decoded message. Throws ProtocolError when Yjs refuses an update. */
  receive(peer: DocumentPeer, message: ClientMessage): void {
    switch (message.type) {
      case "sync-step-1":
        peer.send(encodeSyncStep2(this.doc, message.stateVector));
        return;
      case "sync-step-2":
      case "update":
        if (!peer.readOnly) {
          if (this.guard && !peer.moderator) this.guard(this.doc, message.update, peer.userId);
          this.applyUpdate(message.update, peer);
        }
        if (peer.acknowledgesStores) this.acknowledgeWhenStored(peer);
        return;
      case "awareness":
        this.applyAwareness(peer, message.entries);
        return;
      case "query-awareness":
        peer.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
        return;
    }
  }

  /** Tells the peer how many of its update messages are stored, once the store has them. */
  private acknowledgeWhenStored(peer: DocumentPeer): void {
    const sequence = (this.received.get(peer) ?? 0) + 1;
    this.received.set(peer, sequence);
    void this.whenStored().then(
      (stored) => stored && this.peers.has(peer) && peer.send(encodeStoredMessage(sequence)),
      () => {},
    );
  }

  applyUpdate(update: Uint8Array, origin: unknown): void {
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (error) {
      throw new ProtocolError("update refused by Yjs", { cause: error });
    }
  }

  /**
   * A peer may set or remove only client ids that no other user's peer controls (a reconnecting
   * tab of the same user takes its id over); the server's own id is never touched. The `user` field
   * (name and colour on carets) is the connection's own, whatever the peer sent.
   */
  private applyAwareness(peer: DocumentPeer, entries: AwarenessEntry[]): void {
    const owned = this.peers.get(peer);
    if (!owned) return;
    const accepted = entries.filter((entry) => {
      if (entry.clientId === this.doc.clientID) return false;
      const owner = this.owners.get(entry.clientId);
      return owner === undefined || owner === peer || owner.userId === peer.userId;
    });
    if (accepted.length === 0) return;
    const shown = peer.displayUser ? accepted.map((entry) => withUser(entry, peer.displayUser!)) : accepted;
    for (const { clientId, state } of shown) {
      const previous = this.owners.get(clientId);
      if (previous && previous !== peer) this.peers.get(previous)?.delete(clientId);
      if (state === null) {
        owned.delete(clientId);
        this.owners.delete(clientId);
      } else {
        owned.add(clientId);
        this.owners.set(clientId, peer);
      }
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(shown), peer);
  }

  private readonly broadcastUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.peers.size === 0) return;
    const frame = encodeUpdate(update);
    for (const peer of this.peers.keys()) if (peer !== origin) peer.send(frame);
  };

  private readonly broadcastAwareness = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    if (this.peers.size === 0) return;
    const frame = encodeAwareness(this.awareness, [...added, ...updated, ...removed]);
    for (const peer of this.peers.keys()) if (peer !== origin) peer.send(frame);
  };

  destroy(): void {
    this.doc.off("update", this.broadcastUpdate);
    this.awareness.off("update", this.broadcastAwareness);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** An awareness entry whose `user` is the session's: a forged name or colour never reaches others. */
function withUser(entry: AwarenessEntry, user: { name: string; color: string }): AwarenessEntry {
  if (entry.state === null) return entry;
  const state = typeof entry.state === "object" && !Array.isArray(entry.state) ? (entry.state as Record<string, unknown>) : {};
  return { ...entry, state: { ...state, user: { name: user.name, color: user.color } } };
}
