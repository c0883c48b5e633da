import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RedisRelay } from "../../../collab/relay/redis-relay";
import { SharedDocument } from "../../../collab/yjs/shared-document";
import type { DocumentPersistence } from "../../../collab/yjs/persistence";
import { PostgresPersistence } from "../../../collab/yjs/postgres-persistence";
import type { TestDatabase } from "../../setup/test-database";
import {
  connectClient,
  createCollabTestDatabase,
  newDocumentName,
  startCollabServer,
  waitFor,
  whenSynced,
  type TestClient,
  type TestServer,
} from "./helpers";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

describe("collab: two instances through the Redis relay", () => {
  let t: TestDatabase;
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  const pair = async (options: { url?: string; persistence?: () => DocumentPersistence } = {}) => {
    const channelPrefix = `test-${randomBytes(6).toString("hex")}:`;
    const make = () =>
      startCollabServer({
        persistence: options.persistence?.() ?? new PostgresPersistence(t.db),
        redis: { url: options.url ?? REDIS_URL, channelPrefix },
      });
    const both = [await make(), await make()] as const;
    servers.push(...both);
    return both;
  };
  const client = (server: TestServer, name: string, user: string) => {
    const c = connectClient(server, name, user);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await createCollabTestDatabase();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(() => t?.close());

  it("clients on two instances co-edit and converge, awareness included", async () => {
    const [one, two] = await pair();
    const name = newDocumentName();
    const alice = client(one, name, "alice");
    const bob = client(two, name, "bob");
    await Promise.all([whenSynced(alice), whenSynced(bob)]);

    alice.text.insert(0, "Bonjour");
    bob.text.insert(0, "Avis : ");
    await waitFor(() => alice.text.toString() === bob.text.toString() && alice.text.length === 14, "convergence");

    alice.provider.awareness.setLocalStateField("user", { name: "Alice" });
    await waitFor(() => bob.provider.awareness.getStates().has(alice.doc.clientID), "remote awareness");
    alice.provider.disconnect();
    await waitFor(() => !bob.provider.awareness.getStates().has(alice.doc.clientID), "remote awareness removal");
  });

  it("an instance loading the document later gets what the other has not stored yet", async () => {
    // Instance one stores nothing until the end: the database lags behind its memory, so only the relay can
    // bring the text to the second instance.
    let releaseStores = () => {};
    const storesHeld = new Promise<void>((resolve) => (releaseStores = resolve));
    const [one, two] = await pair({
      persistence: () => {
        const inner = new PostgresPersistence(t.db);
        return {
          fetch: (n) => inner.fetch(n),
          storeUpdate: async (n, u) => {
            await storesHeld;
            await inner.storeUpdate(n, u);
          },
          compact: (n, s) => inner.compact(n, s),
        };
      },
    });
    const name = newDocumentName();
    const alice = client(one, name, "alice");
    await whenSynced(alice);
    alice.text.insert(0, "pas encore en base");
    await waitFor(() => one.collab.registry.get(name)?.doc.getText("body").length === 18);

    try {
      const bob = client(two, name, "bob");
      await whenSynced(bob);
      await waitFor(() => bob.text.toString() === "pas encore en base", "catch-up through the relay");
    } finally {
      releaseStores();
    }
  });

  it("keeps converging across a Redis restart", async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    try {
      const [one, two] = await pair({ url: `redis://127.0.0.1:${port}` });
      const name = newDocumentName();
      const alice = client(one, name, "alice");
      const bob = client(two, name, "bob");
      await Promise.all([whenSynced(alice), whenSynced(bob)]);
      alice.text.insert(0, "avant");
      await waitFor(() => bob.text.toString() === "avant");

      await stopRedis(redis);
      // Positive evidence first: both relays report that Redis is gone…
      const relayLost = (server: TestServer) => server.logs.some((entry) => entry.msg === "collab relay: redis error");
      await waitFor(() => relayLost(one) && relayLost(two), "both relays to report Redis gone");
      alice.text.insert(alice.text.length, " pendant");
      bob.text.insert(0, "[B] ");
      // …then each instance has applied (and tried to relay) its own client's edit, and the other
      // instance has not received it: no relay while Redis is down.
      const serverText = (server: TestServer) => server.collab.registry.get(name)?.doc.getText("body").toString() ?? "";
      await waitFor(() => serverText(one).includes("pendant") && serverText(two).startsWith("[B] "), "each instance to apply its own edit");
      expect(serverText(two)).not.toContain("pendant");
      expect(bob.text.toString()).not.toContain("pendant");

      redis = await startRedis(port);
      await waitFor(() => alice.text.toString() === bob.text.toString(), "convergence after restart");
      expect(bob.text.toString()).toBe("[B] avant pendant");
      alice.text.insert(alice.text.length, " après");
      await waitFor(() => bob.text.toString() === "[B] avant pendant après", "relay after restart");
    } finally {
      await stopRedis(redis);
    }
  });

  it("keeps a document no other instance has to itself, and relays it again once one loads it", async () => {
    const channelPrefix = `test-${randomBytes(6).toString("hex")}:`;
    const name = newDocumentName();
    const channel = `${channelPrefix}collab:${name}`;
    const one = new RedisRelay({ url: REDIS_URL, channelPrefix });
    const two = new RedisRelay({ url: REDIS_URL, channelPrefix });
    const first = new SharedDocument(name);
    const second = new SharedDocument(name);
    // MONITOR sees every PUBLISH without subscribing (a subscriber would count as a listener).
    const monitor = await new Redis(REDIS_URL).monitor();
    const publishes: number[] = [];
    const marker = `${channelPrefix}marker`;
    let markersSeen = 0;
    monitor.on("monitor", (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() !== "publish") return;
      if (args[1] === channel) publishes.push(publishes.length);
      else if (args[1] === marker) markersSeen++;
    });
    const listener = new Redis(REDIS_URL);
    const monitorCaughtUp = async () => {
      const seen = markersSeen;
      await listener.publish(marker, "barrier");
      await waitFor(() => markersSeen > seen, "the monitor to see the marker");
    };
    try {
      await one.attach(first);
      const body = first.doc.getText("body");
      body.insert(0, "seul");
      // The publish reached only one's own subscription: the document is alone.
      await waitFor(() => one.isAlone(name), "one to find itself alone");
      // MONITOR's feed lags the replies: a marker command, seen after everything Redis ran before it,
      // makes sure the publishes made so far are all counted before the count is taken.
      await monitorCaughtUp();
      const before = publishes.length;
      body.insert(4, " encore");
      // Barrier: a sync request always goes out, after anything published before it on the same connection.
      one.requestSync(name);
      await waitFor(() => publishes.length > before, "the sync request to reach Redis");
      expect(publishes.length).toBe(before + 1);

      // A second instance loads the document: its sync request brings what one kept to itself.
      await two.attach(second);
      two.requestSync(name);
      await waitFor(() => second.doc.getText("body").toString() === "seul encore", "catch-up of the alone edits");
      body.insert(body.length, " puis ensemble");
      await waitFor(() => second.doc.getText("body").toString() === "seul encore puis ensemble", "relay after the catch-up");
      expect(one.isAlone(name)).toBe(false);

      // Alone again once two has gone; a new listener is found by the periodic count of subscribers.
      await two.close();
      body.insert(body.length, ".");
      await waitFor(() => one.isAlone(name), "one alone again");
      await listener.subscribe(channel);
      await waitFor(() => !one.isAlone(name), "the count to find the new listener");
    } finally {
      await one.close();
      await two.close();
      first.destroy();
      second.destroy();
      monitor.disconnect();
      listener.disconnect();
    }
  });

  it("publishes the updates applied in one event-loop turn as one merged message", async () => {
    const channelPrefix = `test-${randomBytes(6).toString("hex")}:`;
    const name = newDocumentName();
    const listener = new Redis(REDIS_URL);
    const relay = new RedisRelay({ url: REDIS_URL, channelPrefix });
    const document = new SharedDocument(name);
    try {
      // The relayed updates, decoded (sync requests and answers left aside).
      const updates: Uint8Array[] = [];
      listener.on("messageBuffer", (_channel: Buffer, message: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(message));
        decoding.readVarString(decoder); // sender
        decoding.readVarString(decoder); // target
        if (decoding.readVarUint(decoder) === 0) updates.push(decoding.readVarUint8Array(decoder));
      });
      await listener.subscribe(`${channelPrefix}collab:${name}`);
      await relay.attach(document);
      const body = document.doc.getText("body");
      for (let i = 0; i < 5; i++) body.insert(i, String(i)); // five updates in one turn
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      body.insert(5, "!"); // a later turn: a message of its own, after the first (Redis keeps their order)
      const textOf = (update: Uint8Array) => {
        const copy = new Y.Doc();
        Y.applyUpdate(copy, update);
        return copy.getText("body").toString();
      };
      await waitFor(() => updates.length >= 2, "both relayed messages");
      expect(updates.map(textOf)).toEqual(["01234", ""]);
      const both = new Y.Doc();
      for (const update of updates) Y.applyUpdate(both, update);
      expect(both.getText("body").toString()).toBe("01234!");
    } finally {
      await relay.close();
      document.destroy();
      listener.disconnect();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) resolve();
    });
  });
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
