import fc from "fast-check";
import WebSocket from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import { demoIds, login, waitFor, whenSynced, yClient, type YClient } from "./support";

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

/** A valid update to corrupt: fuzzing near the real format reaches deeper than pure noise. */
function sampleUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("body").insert(0, "bonjour");
  doc.getMap("meta").set("k", 1);
  return Y.encodeStateAsUpdate(doc);
}
const VALID = sampleUpdate();

const frame = (...parts: ((e: encoding.Encoder) => void)[]) => {
  const e = encoding.createEncoder();
  for (const part of parts) part(e);
  return encoding.toUint8Array(e);
};

/** Random and malformed y-websocket frames: noise, known message types with garbage, corrupted updates, lying lengths. */
const frameArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  // [messageSync, step1|step2|update, varUint8Array(garbage)]
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.uint8Array({ maxLength: 400 })).map(([sub, bytes]) =>
    frame(
      (e) => encoding.writeVarUint(e, 0),
      (e) => encoding.writeVarUint(e, sub),
      (e) => encoding.writeVarUint8Array(e, bytes),
    ),
  ),
  // awareness with garbage; auth and unknown types
  fc.tuple(fc.integer({ min: 1, max: 300 }), fc.uint8Array({ maxLength: 300 })).map(([type, bytes]) =>
    frame(
      (e) => encoding.writeVarUint(e, type),
      (e) => encoding.writeVarUint8Array(e, bytes),
    ),
  ),
  // a real update, truncated or with flipped bytes, sent as sync update (0, 2)
  fc
    .tuple(
      fc.nat({ max: VALID.length }),
      fc.array(fc.tuple(fc.nat({ max: VALID.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    )
    .map(([cut, flips]) => {
      const bytes = VALID.slice(0, Math.max(1, cut));
      for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
      return frame(
        (e) => encoding.writeVarUint(e, 0),
        (e) => encoding.writeVarUint(e, 2),
        (e) => encoding.writeVarUint8Array(e, bytes),
      );
    }),
  // a length prefix announcing far more than follows (or a 2^53 varuint)
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom(0xffffffff, 2 ** 40, Number.MAX_SAFE_INTEGER)).map(([sub, length]) =>
    frame(
      (e) => encoding.writeVarUint(e, 0),
      (e) => encoding.writeVarUint(e, sub),
      (e) => encoding.writeVarUint(e, length),
      (e) => encoding.writeUint8(e, 1),
    ),
  ),
);

/** Sends the frames on one authenticated socket; resolves when the server closed it or after a short pause. */
const stats = { sockets: 0, attached: 0, framesSent: 0, closed: 0 };

function sendFrames(url: string, cookie: string, frames: Uint8Array[], asText: boolean): Promise<void> {
  stats.sockets++;
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { cookie } });
    const finish = () => {
      clearTimeout(timer);
      ws.terminate();
      resolve();
    };
    const timer = setTimeout(finish, 3_000);
    ws.on("error", () => {});
    ws.on("close", () => {
      stats.closed++;
      finish();
    });
    ws.on("message", () => {
      // The server's first sync step: the socket is authenticated and attached; fire everything.
      if ((ws as unknown as { fired?: boolean }).fired) return;
      (ws as unknown as { fired?: boolean }).fired = true;
      stats.attached++;
      for (const bytes of frames) {
        if (ws.readyState !== WebSocket.OPEN) break;
        stats.framesSent++;
        ws.send(asText ? Buffer.from(bytes).toString("latin1") : bytes);
      }
      setTimeout(finish, 60);
    });
  });
}

describe("malformed y-websocket frames against the real server", () => {
  let database: TestDatabase | undefined;
  let server: RunningServer;
  let cookie: string;
  let documentName: string;
  const clients: YClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    server = await startServer({ env: database.url ? { DATABASE_URL: database.url } : {} });
    const alice = await login(server.url, "alice@financeur-a.demo");
    cookie = alice.cookieHeader();
    documentName = `dossier:${(await demoIds(alice)).dossierIds[0]}:review`;
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
    await database?.close();
  });

  it("never crashes and the document stays loadable", async () => {
    const writer = yClient(server.url, documentName, cookie);
    clients.push(writer);
    await whenSynced(writer);
    writer.doc.getText("body").insert(0, "Avant le fuzzing.");
    await waitFor(
      () => writer.provider.wsconnected && !(writer.provider as unknown as { _pending?: number })._pending,
      "the edit to be sent",
    );

    const socketUrl = `${server.url.replace(/^http/, "ws")}/collab/${documentName}`;
    await fc.assert(
      fc.asyncProperty(fc.array(frameArbitrary, { minLength: 1, maxLength: 8 }), fc.boolean(), async (frames, asText) => {
        await sendFrames(socketUrl, cookie, frames, asText);
        const health = await fetch(`${server.url}/healthz`);
        await health.arrayBuffer();
        return health.status === 200 && server.proc.exitCode === null && server.proc.signalCode === null;
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 40_000 },
    );
    if (process.env.FUZZ_DEBUG) console.log("fuzz", stats);

    expect(server.proc.exitCode).toBeNull();
    // The frames reached an attached document (not refused at the door).
    expect(stats.attached).toBe(stats.sockets);
    expect(stats.framesSent).toBeGreaterThanOrEqual(stats.sockets);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    // The document still loads, for a fresh client, with the edit made before; and it still takes edits.
    const fresh = yClient(server.url, documentName, cookie);
    clients.push(fresh);
    await whenSynced(fresh);
    await waitFor(() => fresh.doc.getText("body").toString().includes("Avant le fuzzing."), "the fresh client to load the document");
    fresh.doc.getText("body").insert(0, "Après. ");
    await waitFor(() => writer.doc.getText("body").toString().startsWith("Après. "), "an edit after fuzzing to reach the other client");
  });
});
