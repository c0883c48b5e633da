import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CloseCode } from "../../../collab/shared/close-codes";
import { MemoryPersistence } from "../../../collab/yjs/persistence";
import {
  ALLOWED_ORIGIN,
  connectClient,
  fakeAuthenticate,
  newDocumentName,
  rawSocket,
  sleep,
  startCollabServer,
  userHeaders,
  waitFor,
  whenSynced,
  type TestClient,
  type TestServer,
} from "./helpers";

describe("collab: authentication, authorisation, revocation", () => {
  let server: TestServer;
  let authDelayMs = 0;
  const clients: TestClient[] = [];
  const client = (name: string, user: string | null) => {
    const c = connectClient(server, name, user);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startCollabServer({
      persistence: new MemoryPersistence(),
      authenticate: async (req) => {
        if (authDelayMs > 0) await sleep(authDelayMs);
        return fakeAuthenticate(req);
      },
    });
  });
  afterEach(() => {
    authDelayMs = 0;
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(() => server?.close());

  it("refuses a foreign Origin with HTTP 403, before any WebSocket exists", async () => {
    const socket = rawSocket(server, newDocumentName(), { ...userHeaders("alice"), origin: "https://evil.example" });
    expect(await socket.refused).toBe(403);
    expect(socket.frames).toHaveLength(0);
  });

  it("closes with 4400 for a document name that is not one of ours", async () => {
    for (const path of ["dossier:not-a-uuid:review", "dossier:3f1f8a4e-7c7a-4c55-9d43-1d1b2a0c9e11:annotations", "hello", "%E0%A4%A"]) {
      const socket = rawSocket(server, path, userHeaders("alice"));
      expect((await socket.closed).code).toBe(CloseCode.badRequest);
      expect(socket.frames).toHaveLength(0);
    }
  });

  it("accepts a URL-encoded document name", async () => {
    const name = newDocumentName();
    const socket = rawSocket(server, encodeURIComponent(name), userHeaders("alice"));
    await socket.opened;
    await waitFor(() => socket.frames.length > 0);
    expect(server.collab.registry.get(name)).toBeDefined();
    socket.ws.close();
  });

  it("closes an unauthenticated socket with 4401 before sending any document data", async () => {
    const name = newDocumentName();
    const socket = rawSocket(server, name, { origin: ALLOWED_ORIGIN });
    await socket.opened;
    socket.ws.send(new Uint8Array([0, 0, 1, 0])); // sync step 1 — must not be answered
    expect((await socket.closed).code).toBe(CloseCode.unauthenticated);
    expect(socket.frames).toHaveLength(0);
    expect(server.collab.registry.get(name)).toBeUndefined();
  });

  it("y-websocket stops reconnecting after 4401", async () => {
    const anonymous = client(newDocumentName(), null);
    await waitFor(() => anonymous.closes.length > 0);
    expect(anonymous.closes[0]?.code).toBe(CloseCode.unauthenticated);
    expect(anonymous.provider.shouldConnect).toBe(false);
  });

  it("closes a forbidden socket with 4403 before sending any document data", async () => {
    const socket = rawSocket(server, newDocumentName(), userHeaders("stranger-eve"));
    expect((await socket.closed).code).toBe(CloseCode.forbidden);
    expect(socket.frames).toHaveLength(0);
  });

  it("a read-only client receives everything but its edits are not applied", async () => {
    const name = newDocumentName();
    const writer = client(name, "alice");
    const reader = client(name, "reader-rita");
    await Promise.all([whenSynced(writer), whenSynced(reader)]);

    writer.text.insert(0, "texte de l'examinateur");
    await waitFor(() => reader.text.toString() === "texte de l'examinateur");

    reader.text.insert(0, "PIRATE ");
    reader.doc.getMap("meta").set("status", "datadocke");
    // Barrier: an awareness change sent after the edits, on the same socket. The server handles a
    // socket's frames in order and relays to the writer in order, so once the writer sees Rita's
    // caret, the edits were handled (and, had they been applied, relayed) before it.
    // Awareness still works for readers (their caret is visible).
    reader.provider.awareness.setLocalStateField("user", { name: "Rita" });
    await waitFor(() => writer.provider.awareness.getStates().get(reader.doc.clientID)?.user?.name === "Rita");
    const shared = server.collab.registry.get(name)!;
    expect(shared.doc.getText("body").toString()).toBe("texte de l'examinateur");
    expect(shared.doc.getMap("meta").size).toBe(0);
    expect(writer.text.toString()).toBe("texte de l'examinateur");
  });

  it("closeUserConnections closes that user's sockets with 4403 and leaves others open", async () => {
    const name = newDocumentName();
    const mallory = client(name, "mallory");
    const alice = client(name, "alice");
    const otherDocument = client(newDocumentName(), "mallory");
    await Promise.all([whenSynced(mallory), whenSynced(alice), whenSynced(otherDocument)]);

    server.collab.closeUserConnections("mallory", "session revoked");
    await waitFor(() => mallory.closes.length > 0 && otherDocument.closes.length > 0);
    expect(mallory.closes[0]).toEqual({ code: CloseCode.forbidden, reason: "session revoked" });
    expect(otherDocument.closes[0]?.code).toBe(CloseCode.forbidden);
    expect(mallory.provider.shouldConnect).toBe(false);

    alice.text.insert(0, "toujours là");
    await waitFor(() => server.collab.registry.get(name)?.doc.getText("body").toString() === "toujours là");
    expect(alice.closes).toHaveLength(0);
  });

  it("closeUserConnections can target one document only", async () => {
    const keptName = newDocumentName();
    const kept = client(keptName, "oscar");
    const colleague = client(keptName, "alice");
    const revokedName = newDocumentName();
    const revoked = client(revokedName, "oscar");
    await Promise.all([whenSynced(kept), whenSynced(colleague), whenSynced(revoked)]);
    server.collab.closeUserConnections("oscar", "permission removed", (document) => document.name === revokedName);
    await waitFor(() => revoked.closes.length > 0);
    // Barrier: something the server sends on the kept socket after the revocation. Had the server
    // closed that socket, its close frame would have arrived first and this edit never would.
    colleague.text.insert(0, "après la révocation");
    await waitFor(() => kept.text.toString() === "après la révocation");
    expect(kept.closes).toHaveLength(0);
    expect(kept.provider.wsconnected).toBe(true);
  });

  it("a revocation reaches a socket that was still authenticating", async () => {
    authDelayMs = 200;
    const socket = rawSocket(server, newDocumentName(), userHeaders("trudy"));
    await socket.opened;
    server.collab.closeUserConnections("trudy");
    expect((await socket.closed).code).toBe(CloseCode.forbidden);
    expect(socket.frames).toHaveLength(0);
  });
});
