import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { STORED_ACK_PARAMS, messageStored, trackStoredChanges } from "../../../collab/shared/stored-ack";
import { PostgresPersistence } from "../../../collab/yjs/postgres-persistence";
import type { DocumentPersistence } from "../../../collab/yjs/persistence";
import type { TestDatabase } from "../../setup/test-database";
import { createCollabTestDatabase, newDocumentName, socketClassFor, startCollabServer, waitFor, type TestServer } from "./helpers";

/** Persistence whose writes wait until the test opens the gate: "stored" must wait for them. */
class GatedPersistence implements DocumentPersistence {
  private open = true;
  private waiting: (() => void)[] = [];
  constructor(private readonly inner: PostgresPersistence) {}
  close() {
    this.open = false;
  }
  release() {
    this.open = true;
    for (const go of this.waiting.splice(0)) go();
  }
  fetch(name: string) {
    return this.inner.fetch(name);
  }
  async storeUpdate(name: string, update: Uint8Array) {
    if (!this.open) await new Promise<void>((resolve) => this.waiting.push(resolve));
    await this.inner.storeUpdate(name, update);
  }
  compact(name: string, state: Uint8Array) {
    return this.inner.compact(name, state);
  }
}

interface AckClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Every value reported by trackStoredChanges, in order. */
  reports: boolean[];
  allStored(): boolean;
  destroy(): void;
}

function ackClient(server: TestServer, name: string, user: string): AckClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.url, name, doc, {
    WebSocketPolyfill: socketClassFor(user) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { ...STORED_ACK_PARAMS },
  });
  const reports: boolean[] = [];
  const stop = trackStoredChanges(provider, (stored) => reports.push(stored));
  return {
    doc,
    provider,
    reports,
    allStored: () => reports[reports.length - 1] === true,
    destroy() {
      stop();
      provider.destroy();
      doc.destroy();
    },
  };
}

const synced = (provider: WebsocketProvider) =>
  provider.synced ? Promise.resolve() : new Promise<void>((resolve) => provider.once("sync", (s: boolean) => s && resolve()));

describe("collab: the server acknowledges stored changes", () => {
  let t: TestDatabase;
  let gate: GatedPersistence;
  let server: TestServer;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    t = await createCollabTestDatabase();
    gate = new GatedPersistence(new PostgresPersistence(t.db, { batchDelayMs: 0 }));
    server = await startCollabServer({ persistence: gate });
  });
  afterEach(() => {
    gate.release();
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it("reports 'saving' until the write is committed, then 'all saved'; a stock provider is sent nothing new", async () => {
    const name = newDocumentName();
    const alice = ackClient(server, name, "alice");
    cleanups.push(() => alice.destroy());
    // A stock provider (no ?ack=stored) on the same document: it must never get message type 4.
    const stockDoc = new Y.Doc();
    const stock = new WebsocketProvider(server.url, name, stockDoc, {
      WebSocketPolyfill: socketClassFor("bob") as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    let stockAcks = 0;
    stock.messageHandlers[messageStored] = () => void stockAcks++;
    cleanups.push(() => (stock.destroy(), stockDoc.destroy()));
    await Promise.all([synced(alice.provider), synced(stock)]);
    await waitFor(() => alice.allStored(), "initial sync acknowledged");

    gate.close();
    alice.doc.getText("body").insert(0, "Avis favorable");
    expect(alice.allStored()).toBe(false);
    // The server has the change (the other client sees it) but has not written it: still "saving".
    await waitFor(() => stockDoc.getText("body").toString() === "Avis favorable", "relay to bob");
    // Barrier: something the server sends alice later (bob's change, relayed). An acknowledgement
    // sent without waiting for the write would have reached her before it.
    stockDoc.getMap("barrier").set("bob", true);
    await waitFor(() => alice.doc.getMap("barrier").get("bob") === true, "bob's change relayed to alice");
    expect(alice.allStored()).toBe(false);

    gate.release();
    await waitFor(() => alice.allStored(), "stored acknowledgement");
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await gate.fetch(name))!);
    expect(stored.getText("body").toString()).toBe("Avis favorable");

    // Deletions advance no clock: they are acknowledged by count, not by state vector.
    gate.close();
    alice.doc.getText("body").delete(0, 5);
    expect(alice.allStored()).toBe(false);
    gate.release();
    await waitFor(() => alice.allStored(), "deletion acknowledged");
    expect(stockAcks).toBe(0);
  });

  it("offline edits wait, merge with others' edits on reconnection, and are then acknowledged", async () => {
    const name = newDocumentName();
    const alice = ackClient(server, name, "alice");
    const bob = ackClient(server, name, "bob");
    cleanups.push(
      () => alice.destroy(),
      () => bob.destroy(),
    );
    await Promise.all([synced(alice.provider), synced(bob.provider)]);
    alice.doc.getText("body").insert(0, "Base. ");
    await waitFor(() => bob.doc.getText("body").toString() === "Base. ", "base text");

    alice.provider.disconnect();
    await waitFor(() => !alice.provider.wsconnected, "alice offline");
    alice.doc.getText("body").insert(6, "Hors ligne.");
    expect(alice.allStored()).toBe(false);
    bob.doc.getText("body").insert(0, "En ligne. ");
    await waitFor(() => bob.allStored(), "bob stored");
    expect(alice.doc.getText("body").toString()).toBe("Base. Hors ligne.");

    alice.provider.connect();
    const expected = (text: string) => text.includes("Hors ligne.") && text.includes("En ligne. ") && text.includes("Base.");
    await waitFor(
      () => expected(alice.doc.getText("body").toString()) && alice.doc.getText("body").toString() === bob.doc.getText("body").toString(),
      "convergence",
    );
    await waitFor(() => alice.allStored(), "offline edits acknowledged");
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await gate.fetch(name))!);
    expect(stored.getText("body").toString()).toBe(alice.doc.getText("body").toString());
  });
});
