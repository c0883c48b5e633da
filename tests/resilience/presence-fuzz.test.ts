import fc from "fast-check";
import WebSocket from "ws";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import { connectLive, connected, join, nextEvent, type LiveClient } from "../integration/live/helpers";
import { demoIds, login, sleep } from "./support";
import { BARRIER_TIMEOUT_MS } from "../setup/barrier";

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

/** What a presence or activity broadcast must look like, whatever the fuzzer sent. */
const member = z
  .object({
    userId: z.string().uuid(),
    name: z.string().min(1),
    role: z.enum(["funder", "coordinator", "of"]),
    organisationName: z.string(),
    indicator: z.string().max(40).nullable(),
    activity: z.enum(["reading", "writing-notes", "deciding"]),
    since: z.string().datetime(),
  })
  .strict();
const presenceState = z.object({ dossierId: z.string().uuid(), members: z.array(member) }).strict();
const activityState = z.array(member.extend({ dossierId: z.string().uuid().nullable(), dossierLabel: z.string().nullable() }).strict());

const KNOWN_EVENTS = [
  "dossier:join",
  "dossier:leave",
  "organisation:join",
  "organisation:leave",
  "presence:indicator",
  "activity:watch",
  "threads:watch",
  "threads:unwatch",
  "thread:typing",
  "thread:changed",
];
/** Names a socket.io client refuses to emit: sent through raw packets only. */
const RESERVED = ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];
const TRICKY_NAMES = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "error", "message", "", " ", "é".repeat(300)];

function arbitraries(dossierId: string) {
  const id = fc.constantFrom(
    dossierId,
    dossierId.toUpperCase(),
    "__proto__",
    "constructor",
    "toString",
    "00000000-0000-0000-0000-000000000000",
    "",
  );
  const huge = fc.integer({ min: 1_000, max: 120_000 }).map((n) => "é".repeat(n));
  const scalar = fc.oneof(id, fc.string({ maxLength: 60 }), huge, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
  const nested: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      scalar,
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(fc.string({ maxLength: 12 }), tie("value"), { maxKeys: 4 }),
    ),
  })).value;
  const shaped = fc.record(
    {
      dossierId: fc.oneof(id, scalar),
      indicator: fc.oneof(fc.string({ maxLength: 80 }), huge, fc.constant(null), nested),
      code: fc.oneof(fc.constantFrom("1.1", "2.1", "99.99"), fc.string({ maxLength: 20 })),
      kind: fc.oneof(fc.constantFrom("message", "read", "state"), fc.string({ maxLength: 10 })),
      __proto__: nested,
      constructor: nested,
    },
    { requiredKeys: [] },
  );
  const binary = fc.uint8Array({ maxLength: 4_000 }).map((bytes) => Buffer.from(bytes));
  const arg = fc.oneof(id, scalar, shaped, nested, binary, fc.constant(undefined));
  const name = fc.oneof(fc.constantFrom(...KNOWN_EVENTS), fc.constantFrom(...TRICKY_NAMES), fc.string({ maxLength: 30 }));
  // The last argument: none, an ack where the server expects none, or a plain value where it expects one.
  const ack = fc.constantFrom("none", "ack", "value");
  const random = fc.record({ name, args: fc.array(arg, { maxLength: 4 }), ack });
  // Known events with a plausible first argument: reaches the handlers' deeper branches (joined rooms, indicators).
  const plausible = fc.record({
    name: fc.constantFrom(...KNOWN_EVENTS),
    args: fc.tuple(fc.oneof(id, shaped), fc.oneof(shaped, arg)).map((pair) => [...pair] as unknown[]),
    ack,
  });
  const event = fc.oneof(random, plausible, plausible);

  // Raw socket.io packets over engine.io (type 4 = message): well-formed-ish and malformed.
  const json = (value: unknown) => {
    try {
      return JSON.stringify(value) ?? "null";
    } catch {
      return "null";
    }
  };
  const rawPacket: fc.Arbitrary<string | Buffer> = fc.oneof(
    fc
      .tuple(
        fc.constantFrom(...KNOWN_EVENTS, ...RESERVED, ...TRICKY_NAMES),
        fc.array(arg, { maxLength: 3 }),
        fc.option(fc.nat(), { nil: undefined }),
      )
      .map(([n, args, ackId]) => `42${ackId ?? ""}${json([n, ...args])}`),
    fc.array(nested, { maxLength: 3 }).map((args) => `42${json(args)}`), // event name not a string
    fc.string({ maxLength: 200 }).map((s) => `42${s}`), // broken JSON
    fc
      .tuple(fc.constantFrom("40", "41", "43", "44", "45", "46", "47", "2", "3", "5", "6", "9"), fc.string({ maxLength: 100 }))
      .map(([head, tail]) => head + tail),
    fc
      .tuple(fc.nat({ max: 5 }), fc.string({ maxLength: 80 }))
      .map(([count, tail]) => `45${count}-["dossier:join",{"_placeholder":true,"num":${count + 3}}]${tail}`),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)), // a binary frame nobody announced
    fc.string({ maxLength: 300 }),
  );
  return { event, rawPacket };
}

/** A raw engine.io websocket with the session cookie, connected to the main namespace. */
function rawSocket(baseUrl: string, cookie: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`, { headers: { cookie } });
    const timer = setTimeout(() => reject(new Error("raw socket.io connection not established")), 5_000);
    ws.on("message", (data) => {
      const text = data.toString();
      if (text.startsWith("0")) ws.send("40");
      else if (text.startsWith("40")) {
        clearTimeout(timer);
        resolve(ws);
      } else if (text === "2") ws.send("3"); // engine.io ping
    });
    ws.on("error", () => {});
    ws.on("close", () => reject(new Error("raw socket closed before connecting")));
  });
}

describe("socket.io presence under fuzzed events and raw packets", () => {
  let database: TestDatabase | undefined;
  let server: RunningServer;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    server = await startServer({ env: database?.url ? { DATABASE_URL: database.url } : {} });
  }, 120_000);
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
    await database?.close();
  });

  it("never crashes, keeps other clients working and every broadcast valid", { timeout: 240_000 }, async () => {
    const [alice, bruno, agnes, camille] = await Promise.all([
      login(server.url, "alice@financeur-a.demo"),
      login(server.url, "bruno@financeur-a.demo"),
      login(server.url, "admin@financeur-a.demo"),
      login(server.url, "coordination@datadock.demo"),
    ]);
    const { dossierIds } = await demoIds(alice);
    const dossierId = dossierIds[0];

    // Observers: bruno in the dossier's room, camille (coordinator) on the Activité feed. Everything they receive is checked.
    const observer = connectLive(server.url, bruno.cookieHeader());
    const coordinator = connectLive(server.url, camille.cookieHeader());
    sockets.push(observer, coordinator);
    await Promise.all([connected(observer), connected(coordinator)]);
    let observerDisconnects = 0;
    observer.on("disconnect", () => observerDisconnects++);
    coordinator.on("disconnect", () => observerDisconnects++);
    const invalid: string[] = [];
    let presenceStates = 0;
    let activityStates = 0;
    observer.on("presence:state", (payload) => {
      presenceStates++;
      const parsed = presenceState.safeParse(payload);
      if (!parsed.success) invalid.push(`presence:state ${JSON.stringify(payload).slice(0, 300)}: ${parsed.error.message.slice(0, 300)}`);
    });
    coordinator.on("activity:state", (payload) => {
      activityStates++;
      const parsed = activityState.safeParse(payload);
      if (!parsed.success) invalid.push(`activity:state ${JSON.stringify(payload).slice(0, 300)}: ${parsed.error.message.slice(0, 300)}`);
    });
    expect(await join(observer, dossierId)).toEqual({ ok: true });
    expect(await coordinator.timeout(BARRIER_TIMEOUT_MS).emitWithAck("activity:watch")).toEqual({ ok: true });

    const { event, rawPacket } = arbitraries(dossierId);
    const stats = { events: 0, clientRefused: 0, fuzzerReconnects: 0, rawPackets: 0, rawClosed: 0 };

    // 1. Authenticated socket.io client (alice) emitting random events, payloads and acks.
    let fuzzer = connectLive(server.url, alice.cookieHeader());
    sockets.push(fuzzer);
    await connected(fuzzer);
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 8 }), async (batch) => {
        if (!fuzzer.connected) {
          // The server may close a socket that sent a packet over its size limit: that is fine, reconnect.
          stats.fuzzerReconnects++;
          fuzzer = connectLive(server.url, alice.cookieHeader());
          sockets.push(fuzzer);
          await connected(fuzzer);
        }
        for (const { name, args, ack } of batch) {
          const payload = ack === "ack" ? [...args, () => {}] : ack === "value" ? [...args, "pas une fonction"] : args;
          try {
            (fuzzer.emit as (event: string, ...rest: unknown[]) => void)(name, ...payload);
            stats.events++;
          } catch {
            stats.clientRefused++; // e.g. a reserved name: the client library refuses it
          }
        }
        await sleep(5);
        return server.proc.exitCode === null;
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 120_000 },
    );

    // 2. Raw engine.io packets from an authenticated connection (reopened whenever the server closes it).
    let raw = await rawSocket(server.url, alice.cookieHeader());
    await fc.assert(
      fc.asyncProperty(fc.array(rawPacket, { minLength: 1, maxLength: 6 }), async (packets) => {
        if (raw.readyState !== WebSocket.OPEN) {
          stats.rawClosed++;
          raw = await rawSocket(server.url, alice.cookieHeader());
        }
        for (const packet of packets) {
          if (raw.readyState !== WebSocket.OPEN) break;
          raw.send(packet);
          stats.rawPackets++;
        }
        await sleep(5);
        return server.proc.exitCode === null;
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 120_000 },
    );
    raw.terminate();

    // The server is alive.
    expect(server.proc.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    // Presence still works, and its state is exactly the people really there, with valid fields.
    const newcomer = connectLive(server.url, agnes.cookieHeader());
    sockets.push(newcomer);
    await connected(newcomer);
    const withAgnes = nextEvent(
      observer,
      "presence:state",
      (p) => p.dossierId === dossierId && p.members.some((m) => /Agnès/.test(m.name)),
      5_000,
    );
    expect(await join(newcomer, dossierId)).toEqual({ ok: true });
    const state = await withAgnes;
    expect(presenceState.safeParse(state).success).toBe(true);
    for (const m of state.members) expect(m.name).toMatch(/^(Alice Martin|Bruno Lefèvre|Agnès Administratrice)$/);
    // Barriers: broadcasts caused after the fuzz, on each observer's own socket. Every broadcast the
    // fuzz caused was sent before them (one socket delivers in order), so it has been checked by now.
    const observerSeesIndicator = nextEvent(
      observer,
      "presence:state",
      (p) => p.members.some((m) => /Agnès/.test(m.name) && m.indicator === "3.2"),
      5_000,
    );
    const coordinatorSeesIndicator = nextEvent(
      coordinator,
      "activity:state",
      (list) => list.some((m) => /Agnès/.test(m.name) && m.indicator === "3.2"),
      5_000,
    );
    newcomer.emit("presence:indicator", { dossierId, indicator: "3.2" });
    await Promise.all([observerSeesIndicator, coordinatorSeesIndicator]);
    expect(activityStates).toBeGreaterThan(0);
    expect(presenceStates).toBeGreaterThan(0);
    expect(invalid).toEqual([]);
    // …and the observers were never dropped (they received the barriers; no reconnection is allowed).
    expect(observerDisconnects).toBe(0);
    expect(observer.connected && coordinator.connected).toBe(true);
    expect(server.proc.exitCode).toBeNull();
    expect(server.logs()).not.toMatch(/uncaught|unhandled rejection|TypeError|RangeError/i);
    console.info(`presence fuzz: ${JSON.stringify({ ...stats, presenceStates, activityStates })}`);
  });
});
