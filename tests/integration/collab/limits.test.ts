import fc from "fast-check";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CloseCode } from "../../../collab/shared/close-codes";
import WebSocket from "ws";
import { MemoryPersistence } from "../../../collab/yjs/persistence";
import { PostgresPersistence } from "../../../collab/yjs/postgres-persistence";
import type { TestDatabase } from "../../setup/test-database";
import {
  connectClient,
  createCollabTestDatabase,
  newDocumentName,
  rawSocket,
  startCollabServer,
  userHeaders,
  waitFor,
  whenSynced,
  type RawSocket,
  type TestClient,
  type TestServer,
} from "./helpers";

const MAX = 64 * 1024;

const frame = (...parts: (number | Uint8Array)[]) => {
  const encoder = encoding.createEncoder();
  for (const part of parts) {
    if (typeof part === "number") encoding.writeVarUint(encoder, part);
    else encoding.writeVarUint8Array(encoder, part);
  }
  return encoding.toUint8Array(encoder);
};

/** Sends `data`, then a sync step 1 probe: by the time a step 2 or a close arrives, `data` was handled. */
async function sendAndSettle(socket: RawSocket, data: Uint8Array | string): Promise<{ code: number } | "open"> {
  await socket.opened;
  const before = socket.frames.length;
  socket.ws.send(data);
  socket.ws.send(frame(0, 0, new Uint8Array([0])));
  const answered = () => socket.frames.slice(before).some((f) => f[0] === 0 && f[1] === 1);
  const result = await Promise.race([socket.closed, waitFor(answered, "probe answer").then(() => "open" as const)]);
  return result;
}

describe("collab: limits and malformed input", () => {
  let t: TestDatabase;
  let server: TestServer;
  const clients: TestClient[] = [];
  const client = (name: string, user: string) => {
    const c = connectClient(server, name, user);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await createCollabTestDatabase();
    server = await startCollabServer({ persistence: new PostgresPersistence(t.db), maxMessageBytes: MAX });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it("closes with 1009 on a frame over maxMessageBytes, and keeps serving the others", async () => {
    const name = newDocumentName();
    const alice = client(name, "alice");
    const bob = client(name, "bob");
    await Promise.all([whenSynced(alice), whenSynced(bob)]);

    const big = rawSocket(server, name, userHeaders("mallory"));
    await big.opened;
    big.ws.send(frame(0, 2, new Uint8Array(MAX + 10)));
    expect((await big.closed).code).toBe(CloseCode.messageTooBig);

    alice.text.insert(0, "encore");
    await waitFor(() => bob.text.toString() === "encore");
  });

  it("terminates a peer that stops answering pings, and keeps one that answers", async () => {
    const quick = await startCollabServer({ persistence: new MemoryPersistence(), keepaliveMs: 100 });
    try {
      const name = newDocumentName();
      const dead = new WebSocket(`${quick.url}/${name}`, { headers: userHeaders("ghost"), autoPong: false });
      dead.on("error", () => {});
      const deadClosed = new Promise<number>((resolve) => dead.once("close", (code) => resolve(code)));
      const alive = rawSocket(quick, name, userHeaders("alice"));
      await alive.opened;
      let pings = 0;
      alive.ws.on("ping", () => pings++);
      expect(await deadClosed).toBe(1006); // terminated: no close frame
      // Barrier: three more keepalive rounds on the live socket (each one it answers), then a
      // round trip through it — a terminated socket could do neither.
      await waitFor(() => pings >= 3, "three keepalive pings after the dead peer went");
      expect(await sendAndSettle(alive, frame(0, 0, new Uint8Array([0])))).toBe("open");
      expect(alive.ws.readyState).toBe(WebSocket.OPEN);
      alive.ws.close();
    } finally {
      await quick.close();
    }
  });

  it("closes with 1003 on malformed frames without touching the document", async () => {
    const name = newDocumentName();
    const alice = client(name, "alice");
    await whenSynced(alice);
    alice.text.insert(0, "intact");
    await waitFor(() => server.collab.registry.get(name)?.doc.getText("body").toString() === "intact");

    const garbageUpdate = new Uint8Array([1, 1, 200, 200, 200, 1, 0, 99, 7]);
    const malformed: (Uint8Array | string)[] = [
      new Uint8Array([]), // empty
      new Uint8Array([7]), // unknown message type
      new Uint8Array([2, 0]), // auth messages are server → client only
      frame(0, 9, new Uint8Array([1])), // unknown sync type
      new Uint8Array([0, 2, 50, 1, 2]), // truncated update
      frame(0, 2, garbageUpdate), // an update Yjs cannot read
      frame(0, 0, new Uint8Array([5, 1])), // a truncated state vector
      frame(1, new Uint8Array([1, 5, 1, 3, 123, 125])), // awareness with broken JSON
      concat(frame(0, 0, new Uint8Array([0])), new Uint8Array([0])), // trailing bytes
      "text frame",
    ];
    for (const data of malformed) {
      const socket = rawSocket(server, name, userHeaders("mallory"));
      const result = await sendAndSettle(socket, data);
      expect(result, `frame ${String(data)}`).toEqual(expect.objectContaining({ code: CloseCode.unsupportedData }));
    }

    expect(server.collab.registry.get(name)?.doc.getText("body").toString()).toBe("intact");
    const bob = client(name, "bob");
    await whenSynced(bob);
    await waitFor(() => bob.text.toString() === "intact");
  });

  it("property: random and malformed frames never crash the server, and the document stays loadable", { timeout: 300_000 }, async () => {
    const name = newDocumentName();
    const alice = client(name, "alice");
    await whenSynced(alice);
    alice.text.insert(0, "socle");
    await waitFor(() => server.collab.registry.get(name)?.doc.getText("body").toString() === "socle");

    // Realistic edits made on a copy of the document (so they reference its items), sometimes damaged.
    const base = Y.encodeStateAsUpdate(server.collab.registry.get(name)!.doc);
    const edit = fc
      .tuple(fc.nat(10), fc.string({ maxLength: 6 }), fc.nat(10), fc.nat(3), fc.nat(), fc.integer({ min: 0, max: 255 }))
      .map(([at, insert, from, length, where, flip]) => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, base);
        const updates: Uint8Array[] = [];
        doc.on("update", (u: Uint8Array) => updates.push(u));
        const text = doc.getText("body");
        text.insert(Math.min(at, text.length), insert);
        text.delete(Math.min(from, text.length), Math.min(length, Math.max(0, text.length - Math.min(from, text.length))));
        const update = Y.mergeUpdates(updates.length > 0 ? updates : [new Uint8Array([0, 0])]);
        if (flip !== 0 && where % 2 === 0) update[where % update.length]! ^= flip; // index within the non-empty update
        return frame(0, 2, update);
      });
    const frames = fc.oneof(
      { arbitrary: edit, weight: 4 },
      fc.uint8Array({ maxLength: 64 }),
      fc.tuple(fc.constantFrom(0, 1, 2, 3, 4), fc.nat(4), fc.uint8Array({ maxLength: 64 })).map(([t, s, p]) => frame(t, s, p)),
      fc.tuple(fc.nat(3), fc.uint8Array({ maxLength: 64 })).map(([s, p]) => frame(0, s, p)),
      fc.uint8Array({ maxLength: 48 }).map((p) => frame(1, p)),
      fc.record({ client: fc.nat(), clock: fc.nat(), text: fc.string() }).map(({ client, clock, text }) => {
        const inner = encoding.createEncoder();
        encoding.writeVarUint(inner, 1);
        encoding.writeVarUint(inner, client);
        encoding.writeVarUint(inner, clock);
        encoding.writeVarString(inner, text);
        return frame(1, encoding.toUint8Array(inner));
      }),
      // A valid update from a random client, truncated or with one byte flipped.
      fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([s, cut, flip]) => {
        const doc = new Y.Doc();
        doc.getText("body").insert(0, s);
        const update = Y.encodeStateAsUpdate(doc);
        const mutated = update.slice(0, Math.max(1, update.length - (cut % 4)));
        mutated[cut % mutated.length]! ^= flip; // index within the non-empty slice
        return frame(0, 2, mutated);
      }),
    );

    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(frames, async (data) => {
        const shared = server.collab.registry.get(name)!;
        const before = { text: shared.doc.getText("body").toString(), state: Y.encodeStateVector(shared.doc) };
        const socket = rawSocket(server, name, userHeaders("fuzzer"));
        const result = await sendAndSettle(socket, data);
        const outcome = result === "open" ? "open" : String(result.code);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        if (result === "open") socket.ws.close();
        else {
          expect([CloseCode.unsupportedData]).toContain(result.code);
          // A refused frame changed nothing.
          expect(shared.doc.getText("body").toString()).toBe(before.text);
          expect(Y.encodeStateVector(shared.doc)).toEqual(before.state);
        }
        // The document still encodes and re-reads to the same content and the same state.
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(shared.doc));
        expect(copy.getText("body").toString()).toBe(shared.doc.getText("body").toString());
        expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(shared.doc));
      }),
      { numRuns: Number(process.env.COLLAB_FUZZ_RUNS ?? 200) },
    );

    // Not vacuous: some frames were accepted, most refused.
    expect(outcomes.open).toBeGreaterThan(0);
    expect(outcomes[String(CloseCode.unsupportedData)]).toBeGreaterThan(0);
    // Still served: a new client syncs, edits propagate, and the stored document reloads the same.
    const shared = server.collab.registry.get(name)!;
    const bob = client(name, "bob");
    await whenSynced(bob);
    bob.text.insert(0, ">");
    const serverText = () => shared.doc.getText("body").toString();
    await waitFor(() => serverText().startsWith(">") && alice.text.toString() === serverText() && bob.text.toString() === serverText());
    const persistence = new PostgresPersistence(t.db);
    await waitFor(async () => {
      const reloaded = new Y.Doc();
      Y.applyUpdate(reloaded, (await persistence.fetch(name))!);
      return reloaded.getText("body").toString() === serverText();
    }, "stored state equal to the live one");
    expect(server.logs.filter((l) => l.level === "error")).toEqual([]);
  });
});

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
