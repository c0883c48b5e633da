import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BARRIER_TIMEOUT_MS } from "../setup/barrier";
import { findFreePort, startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import { connectLive, connected, join, nextEvent, type LiveClient } from "../integration/live/helpers";
import { demoIds, login, sleep, startRedisServer, waitFor, whenSynced, yClient, type RedisProcess, type YClient } from "./support";

const EDITS_PER_CLIENT = 20;
/** Funders who may all examine the first demo dossier; two y-websocket clients on each instance. */
// Two sessions on each instance: the indexes below (onFirst[1], onSecond[1]) rely on it.
const ON_FIRST = ["alice@financeur-a.demo", "admin@financeur-a.demo"];
const ON_SECOND = ["bruno@financeur-a.demo", "chloe@financeur-b.demo"];

/** Every client of `clients` wrote its `count` edits under its own prefix. */
function holdsAll(client: YClient, prefixes: string[], count: number): boolean {
  const edits = client.doc.getMap<number>("edits");
  return prefixes.every((prefix) => edits.has(`${prefix}-${count - 1}`)) && edits.size >= prefixes.length * count;
}

/** Each client writes EDITS_PER_CLIENT edits, one every 20 ms; `progress[c]` counts client c's edits so far. */
async function burst(clients: YClient[], phase: string, progress: number[] = []): Promise<void> {
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; i < EDITS_PER_CLIENT; i++) {
        client.doc.getMap<number>("edits").set(`${phase}${c}-${i}`, i);
        client.doc.getText("body").insert(0, `${phase}${c}.${i};`);
        progress[c] = i + 1;
        await sleep(20);
      }
    }),
  );
}

/**
 * Two real server processes over one PostgreSQL and one redis-server of the test's own, under load
 * from y-websocket and socket.io clients on each; Redis is killed during edits, then restarted.
 */
describe.skipIf(!process.env.DATABASE_URL)(
  "Redis killed and restarted under two instances (needs DATABASE_URL: one shared PostgreSQL)",
  () => {
    let database: TestDatabase;
    let redis: RedisProcess;
    let first: RunningServer;
    let second: RunningServer;
    const docs: YClient[] = [];
    const sockets: LiveClient[] = [];

    beforeAll(async () => {
      redis = await startRedisServer(await findFreePort());
      database = await createTestDatabase({ contents: "demo" });
      const env = { DATABASE_URL: database.url!, REDIS_URL: redis.url };
      first = await startServer({ env });
      second = await startServer({ env });
    }, 120_000);
    afterAll(async () => {
      for (const client of docs) client.destroy();
      for (const socket of sockets) socket.disconnect();
      await Promise.all([first?.stop(), second?.stop()]);
      await redis?.stop("SIGTERM");
      await database?.close();
    });

    it("keeps each instance working alone, then relays and converges again, presence included", { timeout: 90_000 }, async () => {
      const onFirst = await Promise.all(ON_FIRST.map((email) => login(first.url, email)));
      const onSecond = await Promise.all(ON_SECOND.map((email) => login(second.url, email)));
      const { dossierIds } = await demoIds(onFirst[0]!);
      const dossierId = dossierIds[0];
      const documentName = `dossier:${dossierId}:review`;

      const firstDocs = onFirst.map((session) => yClient(first.url, documentName, session.cookieHeader()));
      const secondDocs = onSecond.map((session) => yClient(second.url, documentName, session.cookieHeader()));
      docs.push(...firstDocs, ...secondDocs);
      await Promise.all(docs.map((client) => whenSynced(client)));

      // socket.io: alice on the first instance, bruno on the second, both in the dossier's room.
      const alice = connectLive(first.url, onFirst[0]!.cookieHeader());
      const bruno = connectLive(second.url, onSecond[0]!.cookieHeader());
      sockets.push(alice, bruno);
      await Promise.all([connected(alice), connected(bruno)]);
      expect(await join(alice, dossierId)).toEqual({ ok: true });
      const seesBruno = nextEvent(
        alice,
        "presence:state",
        (p) => p.dossierId === dossierId && p.members.some((m) => /Bruno/i.test(m.name)),
        8_000,
      );
      expect(await join(bruno, dossierId)).toEqual({ ok: true });
      await seesBruno;

      // Before: edits on both instances reach everyone through the relay.
      await burst(docs, "before");
      const before = docs.map((_, c) => `before${c}`);
      await waitFor(() => docs.every((client) => holdsAll(client, before, EDITS_PER_CLIENT)), "convergence before the outage");

      // Redis dies in the middle of a burst of edits on both instances.
      const progress: number[] = [];
      const during = burst(docs, "during", progress);
      // Killed once every client is a quarter into its burst (a barrier on progress, not a guessed delay)…
      await waitFor(() => docs.every((_, c) => (progress[c] ?? 0) >= EDITS_PER_CLIENT / 4), "every client a quarter into its burst");
      await redis.stop("SIGKILL");
      // …and before the two clients checked below finished it: their last edits came after the kill.
      const atKill = [...progress];
      expect(atKill[0]).toBeLessThan(EDITS_PER_CLIENT);
      expect(atKill[firstDocs.length]).toBeLessThan(EDITS_PER_CLIENT);
      await during;
      const localFirst = firstDocs.map((_, c) => `during${c}`);
      const localSecond = secondDocs.map((_, c) => `during${c + firstDocs.length}`);
      // Each instance keeps serving its own clients: they converge among themselves.
      await waitFor(
        () => firstDocs.every((client) => holdsAll(client, localFirst, EDITS_PER_CLIENT)),
        "clients of the first instance to converge without Redis",
      );
      await waitFor(
        () => secondDocs.every((client) => holdsAll(client, localSecond, EDITS_PER_CLIENT)),
        "clients of the second instance to converge without Redis",
      );
      // …and only among themselves: the relay was really down. Positive evidence first (each instance
      // reported losing Redis), then the absence: each instance has handled all of its own edits
      // (its clients hold them), yet the other's last edits are not there.
      for (const server of [first, second]) {
        await waitFor(() => /collab relay: redis error/.test(server.logs()), "the relay to report that Redis is gone");
      }
      expect(secondDocs[0]!.doc.getMap("edits").has(`during0-${EDITS_PER_CLIENT - 1}`)).toBe(false);
      expect(firstDocs[0]!.doc.getMap("edits").has(`during${firstDocs.length}-${EDITS_PER_CLIENT - 1}`)).toBe(false);
      for (const server of [first, second]) {
        expect(server.proc.exitCode).toBeNull();
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      }
      expect(alice.connected && bruno.connected).toBe(true);
      for (const client of docs) expect(client.provider.wsconnected).toBe(true);
      // socket.io keeps working on each instance: a colleague joining on the first instance shows up for alice.
      const colleague = connectLive(first.url, onFirst[1]!.cookieHeader());
      sockets.push(colleague);
      await connected(colleague);
      const seesColleague = nextEvent(
        alice,
        "presence:state",
        (p) => p.dossierId === dossierId && p.members.some((m) => /Agnès/.test(m.name)),
        10_000,
      );
      expect(await join(colleague, dossierId)).toEqual({ ok: true });
      await seesColleague;

      // Redis comes back on the same port: the relay resumes and every client converges on every edit.
      await redis.restart();
      const all = docs.map((_, c) => `during${c}`);
      await burst(docs, "after");
      const after = docs.map((_, c) => `after${c}`);
      await waitFor(
        () => docs.every((client) => holdsAll(client, [...before, ...all, ...after], EDITS_PER_CLIENT)),
        "every client on both instances to hold every edit after the restart",
      ).catch((error: Error) => {
        const sizes = docs.map((client) => client.doc.getMap("edits").size).join(", ");
        throw new Error(
          `${error.message} (edits held: ${sizes})\n--- first:\n${first.logs().slice(-3000)}\n--- second:\n${second.logs().slice(-3000)}`,
        );
      });
      const body = docs[0]!.doc.getText("body").toString();
      for (const client of docs) expect(client.doc.getText("body").toString()).toBe(body);

      // Presence across instances resumes: bruno's indicator on the second instance reaches alice on the first
      // (sent again each second until it does, within the barrier's limit: the adapter resubscribes on its own schedule).
      let seen: string | null = null;
      const deadline = Date.now() + BARRIER_TIMEOUT_MS;
      alice.on("presence:state", (p) => {
        const member = p.dossierId === dossierId ? p.members.find((m) => /Bruno/i.test(m.name)) : undefined;
        if (member) seen = member.indicator;
      });
      let sent = "";
      for (let attempt = 1; seen !== sent && Date.now() < deadline; attempt++) {
        sent = `2.${attempt}`;
        bruno.emit("presence:indicator", { dossierId, indicator: sent });
        await waitFor(() => seen === sent, "bruno's indicator", 1_000).catch(() => {});
      }
      expect(seen).toBe(sent);

      // A fresh client on the second instance loads everything (stored through either instance).
      const fresh = yClient(second.url, documentName, onSecond[1]!.cookieHeader());
      docs.push(fresh);
      await whenSynced(fresh);
      await waitFor(() => fresh.doc.getText("body").toString() === body, "a fresh client to load the converged document");

      for (const server of [first, second]) expect(server.proc.exitCode).toBeNull();
    });
  },
);
