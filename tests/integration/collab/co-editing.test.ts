import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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

describe("collab: co-editing", () => {
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
    server = await startCollabServer({ persistence: new PostgresPersistence(t.db) });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it("two clients co-edit a Y.Text and converge", async () => {
    const name = newDocumentName();
    const alice = client(name, "alice");
    const bob = client(name, "bob");
    await Promise.all([whenSynced(alice), whenSynced(bob)]);

    alice.text.insert(0, "Bonjour");
    bob.text.insert(0, "Avis : ");
    alice.text.insert(alice.text.length, " !");
    await waitFor(() => alice.text.toString() === bob.text.toString() && alice.text.length === 16, "convergence");
    expect(alice.text.toString()).toContain("Bonjour");
    expect(bob.text.toString()).toContain("Avis : ");
    expect(server.collab.registry.get(name)?.doc.getText("body").toString()).toBe(alice.text.toString());
  });

  it("a client joining later receives the current content", async () => {
    const name = newDocumentName();
    const alice = client(name, "alice");
    await whenSynced(alice);
    alice.text.insert(0, "déjà là");
    const carol = client(name, "carol");
    await whenSynced(carol);
    await waitFor(() => carol.text.toString() === "déjà là");
  });

  it("awareness propagates, and is removed when its connection closes", async () => {
    const name = newDocumentName();
    const alice = client(name, "alice");
    const bob = client(name, "bob");
    await Promise.all([whenSynced(alice), whenSynced(bob)]);

    alice.provider.awareness.setLocalStateField("user", { name: "Alice", color: "#f00" });
    const aliceId = alice.doc.clientID;
    await waitFor(() => (bob.provider.awareness.getStates().get(aliceId) as { user?: { name: string } })?.user?.name === "Alice");

    // The server tracked Alice's client id under her connection.
    const shared = server.collab.registry.get(name)!;
    expect(shared.awareness.getStates().has(aliceId)).toBe(true);

    alice.provider.disconnect();
    await waitFor(() => !bob.provider.awareness.getStates().has(aliceId), "awareness removal");
    expect(shared.awareness.getStates().has(aliceId)).toBe(false);
  });

  it("unloads a document after its last connection closes, and serves it again", async () => {
    const name = newDocumentName();
    const alice = client(name, "alice");
    await whenSynced(alice);
    alice.text.insert(0, "persisté");
    await waitFor(() => server.collab.registry.get(name)?.doc.getText("body").length === 8);
    alice.destroy();
    clients.splice(clients.indexOf(alice), 1);
    await waitFor(() => !server.collab.registry.loadedNames.includes(name), "unload");

    const bob = client(name, "bob");
    await whenSynced(bob);
    await waitFor(() => bob.text.toString() === "persisté");
  });
});
