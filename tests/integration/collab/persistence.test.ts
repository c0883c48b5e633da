import * as Y from "yjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { countCollabUpdates } from "../../../domain/collab/documents.queries";
import type { DocumentHooks } from "../../../collab/yjs/document-registry";
import type { DocumentPersistence } from "../../../collab/yjs/persistence";
import { PostgresPersistence } from "../../../collab/yjs/postgres-persistence";
import type { TestDatabase } from "../../setup/test-database";
import {
  connectClient,
  createCollabTestDatabase,
  newDocumentName,
  recordingLogger,
  startCollabServer,
  waitFor,
  whenSynced,
  type TestClient,
  type TestServer,
} from "./helpers";

const textOf = (state: Uint8Array | null) => {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc.getText("body").toString();
};

describe("collab: persistence and lifecycle hooks", () => {
  let t: TestDatabase;
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  const start = async (options: { persistence?: DocumentPersistence; hooks?: DocumentHooks; compactAfterUpdates?: number } = {}) => {
    const server = await startCollabServer({ persistence: new PostgresPersistence(t.db), ...options });
    servers.push(server);
    return server;
  };
  const client = (server: TestServer, name: string, user = "alice") => {
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

  it("content survives closing the server and reloading over the same database", async () => {
    const name = newDocumentName();
    const first = await start();
    const alice = client(first, name);
    await whenSynced(alice);
    alice.text.insert(0, "Rapport d'examen");
    await waitFor(() => first.collab.registry.get(name)?.doc.getText("body").length === 16);
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    // Unload compacted everything into one snapshot.
    expect(await countCollabUpdates(t.db, name)).toBe(0);
    const row = await t.db.selectFrom("collab_documents").select("state").where("name", "=", name).executeTakeFirstOrThrow();
    expect(textOf(row.state)).toBe("Rapport d'examen");

    const second = await start();
    const bob = client(second, name, "bob");
    await whenSynced(bob);
    expect(bob.text.toString()).toBe("Rapport d'examen");
  });

  it("appends every update durably while the document is open (a SIGKILL would lose nothing sent)", async () => {
    const name = newDocumentName();
    const server = await start();
    const alice = client(server, name);
    await whenSynced(alice);
    for (const word of ["un ", "deux ", "trois"]) alice.text.insert(alice.text.length, word);
    // No unload, no compaction: only the appended rows hold the text.
    await waitFor(async () => textOf(await new PostgresPersistence(t.db).fetch(name)) === "un deux trois", "rows");
    expect(await countCollabUpdates(t.db, name)).toBeGreaterThan(0);
  });

  it("batches updates that arrive while a write is in flight", async () => {
    const name = newDocumentName();
    const persistence = new PostgresPersistence(t.db, { batchDelayMs: 20 });
    const doc = new Y.Doc();
    const writes: Promise<void>[] = [];
    doc.on("update", (update: Uint8Array) => writes.push(persistence.storeUpdate(name, update)));
    for (let i = 0; i < 50; i++) doc.getText("body").insert(i, "x");
    await Promise.all(writes);
    expect(await countCollabUpdates(t.db, name)).toBe(1);
    expect(textOf(await persistence.fetch(name))).toBe("x".repeat(50));
  });

  it("writes the waiting updates of several documents in one INSERT, each document's merged into one row", async () => {
    const names = [newDocumentName(), newDocumentName(), newDocumentName()];
    let inserts = 0;
    const counting = t.db.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === "InsertQueryNode") inserts++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const persistence = new PostgresPersistence(counting, { batchDelayMs: 20 });
    const writes: Promise<void>[] = [];
    const docs = names.map((name) => {
      const doc = new Y.Doc();
      doc.on("update", (update: Uint8Array) => writes.push(persistence.storeUpdate(name, update)));
      return doc;
    });
    for (let i = 0; i < 10; i++) docs.forEach((doc, d) => doc.getText("body").insert(i, String(d)));
    await Promise.all(writes);
    expect(inserts).toBe(1);
    for (const [d, name] of names.entries()) {
      expect(await countCollabUpdates(t.db, name)).toBe(1);
      expect(textOf(await persistence.fetch(name))).toBe(String(d).repeat(10));
    }
  });

  it("compacts after N stored updates while the document stays loaded", async () => {
    const name = newDocumentName();
    const stores: string[] = [];
    const server = await start({ compactAfterUpdates: 5, hooks: { onStore: ({ kind }) => void stores.push(kind) } });
    const alice = client(server, name);
    await whenSynced(alice);
    for (let i = 0; i < 20; i++) {
      alice.text.insert(alice.text.length, String(i % 10));
      await waitFor(() => server.collab.registry.get(name)?.doc.getText("body").length === i + 1);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await waitFor(() => stores.includes("snapshot"), "a compaction");
    await waitFor(async () => textOf(await new PostgresPersistence(t.db).fetch(name)) === alice.text.toString());
    const row = await t.db.selectFrom("collab_documents").select("state").where("name", "=", name).executeTakeFirst();
    expect(row).toBeDefined();
    expect(await countCollabUpdates(t.db, name)).toBeLessThan(20);
  });

  it("shares one load between concurrent connections, and calls the lifecycle hooks", async () => {
    const name = newDocumentName();
    const inner = new PostgresPersistence(t.db);
    let fetches = 0;
    const persistence: DocumentPersistence = {
      fetch: async (n) => {
        fetches++;
        await new Promise((resolve) => setTimeout(resolve, 50));
        return inner.fetch(n);
      },
      storeUpdate: (n, u) => inner.storeUpdate(n, u),
      compact: (n, s) => inner.compact(n, s),
    };
    const calls: string[] = [];
    const changes: { user: string | null; remote: boolean }[] = [];
    const server = await start({
      persistence,
      hooks: {
        onLoad: ({ document }) => {
          calls.push(`load ${document.name === name}`);
        },
        onChange: ({ connection, remote }) => void changes.push({ user: connection?.userId ?? null, remote }),
        onStore: ({ kind, connection }) => void calls.push(`store ${kind} ${connection?.userId ?? "-"}`),
        onDisconnect: ({ connection, remainingConnections }) => void calls.push(`disconnect ${connection.userId} ${remainingConnections}`),
      },
    });
    const many = ["a", "b", "c", "d", "e"].map((user) => client(server, name, `user-${user}`));
    await Promise.all(many.map(whenSynced));
    expect(fetches).toBe(1);
    expect(calls).toEqual(["load true"]);

    many[0]!.text.insert(0, "x");
    await waitFor(() => calls.includes("store update user-a"));
    expect(changes).toEqual([{ user: "user-a", remote: false }]);

    many[1]!.provider.disconnect();
    await waitFor(() => calls.includes("disconnect user-b 4"));
    for (const c of many) c.provider.disconnect();
    await waitFor(() => calls.includes("store snapshot -"), "compaction on unload");
    await waitFor(() => !server.collab.registry.loadedNames.includes(name));
  });

  it("skips a stored update Yjs cannot read: the document still loads", async () => {
    const name = newDocumentName();
    const good = new Y.Doc();
    good.getText("body").insert(0, "lisible");
    await t.db
      .insertInto("collab_updates")
      .values([
        { document_name: name, update: Buffer.from(Y.encodeStateAsUpdate(good)) },
        { document_name: name, update: Buffer.from([1, 1, 200, 200, 200, 1, 0, 99, 7]) },
      ])
      .execute();
    const { logger, entries } = recordingLogger();
    const server = await start({ persistence: new PostgresPersistence(t.db, { logger }) });
    const alice = client(server, name);
    await whenSynced(alice);
    expect(alice.text.toString()).toBe("lisible");
    expect(entries.map((e) => `${e.level} ${e.msg}`)).toEqual(["error stored collab update skipped"]);
  });

  it("close() flushes every loaded document and closes sockets with 1001", async () => {
    const name = newDocumentName();
    const server = await start();
    const alice = client(server, name);
    await whenSynced(alice);
    alice.text.insert(0, "dernier mot");
    await waitFor(() => server.collab.registry.get(name)?.doc.getText("body").length === 11);
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    await waitFor(() => alice.closes.length > 0);
    expect(alice.closes[0]?.code).toBe(1001);
    expect(server.collab.registry.loadedNames).toEqual([]);
    expect(textOf(await new PostgresPersistence(t.db).fetch(name))).toBe("dernier mot");
    expect(await countCollabUpdates(t.db, name)).toBe(0);
  });
});
