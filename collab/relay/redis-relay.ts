import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import type { DocumentRelay } from "../yjs/document-registry";
import { silentLogger, type CollabLogger } from "../yjs/logger";
import { LOAD_ORIGIN, RELAY_ORIGIN, type SharedDocument } from "../yjs/shared-document";

export interface RedisRelayOptions {
  url: string;
  /** Prepended to every channel (`<prefix>collab:<name>`): isolates tests or tenants sharing a Redis. */
  channelPrefix?: string;
  instanceId?: string;
  logger?: CollabLogger;
}

// Relay messages: [sender, target ('' = all), kind, payload]. A sync request carries a state vector:
// each instance that has the document answers with what the sender lacks, plus its own state vector
// (kind syncAnswer) so the sender sends back what they lack. Updates/awareness are plain broadcasts.
const Kind = { update: 0, awareness: 1, syncRequest: 2, syncAnswer: 3, syncDiff: 4 } as const;

interface Attached {
  document: SharedDocument;
  stop(): void;
}

/**
 * Keeps a document converged across instances through Redis pub/sub, while it is loaded here.
 * Local updates and awareness are published on `collab:<name>`; remote ones are applied with
 * RELAY_ORIGIN so they are neither re-published nor stored again. After a load and after every
 * Redis reconnection the instances exchange state vectors, so whatever was missed is caught up.
 */
export class RedisRelay implements DocumentRelay {
  readonly instanceId: string;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly attached = new Map<string, Attached>();
  private readonly prefix: string;
  private readonly logger: CollabLogger;
  /** Local updates not yet published, per document (published together at the end of the event-loop turn). */
  private readonly queuedUpdates = new Map<string, Uint8Array[]>();
  private flushScheduled: NodeJS.Immediate | null = null;

  constructor(options: RedisRelayOptions) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.prefix = `${options.channelPrefix ?? ""}collab:`;
    this.logger = options.logger ?? silentLogger;
    // No offline queue for publishing: what is missed while Redis is away is caught up by the resync.
    this.pub = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.sub = new Redis(options.url, { maxRetriesPerRequest: null });
    for (const client of [this.pub, this.sub]) {
      client.on("error", (error: Error) => this.logger.warn({ err: error }, "collab relay: redis error"));
    }
    this.sub.on("messageBuffer", (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message));
    // Whenever both connections are (again) ready: subscribe to every loaded document and catch up.
    const onReady = () => {
      if (this.pub.status !== "ready" || this.sub.status !== "ready") return;
      // Redis may drop again mid-way: the next "ready" retries.
      void this.resubscribe().catch((error: unknown) => this.logger.warn({ err: error }, "collab relay: resubscribe failed"));
    };
    this.pub.on("ready", onReady);
    this.sub.on("ready", onReady);
  }

  async attach(document: SharedDocument): Promise<void> {
    const name = document.name;
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin !== RELAY_ORIGIN && origin !== LOAD_ORIGIN) this.queueUpdate(name, update);
    };
    const onAwareness = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === RELAY_ORIGIN) return;
      const clients = [...change.added, ...change.updated, ...change.removed];
      this.publish(name, Kind.awareness, awarenessProtocol.encodeAwarenessUpdate(document.awareness, clients));
    };
    document.doc.on("update", onUpdate);
    document.awareness.on("update", onAwareness);
    this.attached.set(name, {
      document,
      stop: () => {
        document.doc.off("update", onUpdate);
        document.awareness.off("update", onAwareness);
      },
    });
    await this.subscribe([this.prefix + name]);
  }

  /** Asks the other instances for what this one lacks (after the stored state was applied). */
  requestSync(name: string): void {
    const document = this.attached.get(name)?.document;
    if (document) this.publish(name, Kind.syncRequest, Y.encodeStateVector(document.doc));
  }

  async detach(name: string): Promise<void> {
    const attached = this.attached.get(name);
    if (!attached) return;
    this.publishQueued(name);
    attached.stop();
    this.attached.delete(name);
    // Not awaited: with Redis away it waits for the reconnection (and must not hold up an unload).
    this.sub.unsubscribe(this.prefix + name).catch(() => {});
  }

  async close(): Promise<void> {
    this.publishQueuedUpdates();
    for (const attached of this.attached.values()) attached.stop();
    this.attached.clear();
    this.pub.disconnect();
    this.sub.disconnect();
  }

  /** Bounded wait: with Redis away the load goes on, and the subscription follows on reconnection. */
  private async subscribe(channels: string[]): Promise<void> {
    if (channels.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), 2_000)));
    const result = await Promise.race([this.sub.subscribe(...channels).catch(() => "failed" as const), timeout]);
    clearTimeout(timer);
    if (result === "timeout" || result === "failed") this.logger.warn({ channels: channels.length }, "collab relay: subscribe delayed");
  }

  private async resubscribe(): Promise<void> {
    if (this.attached.size === 0) return;
    await this.subscribe([...this.attached.keys()].map((name) => this.prefix + name));
    for (const name of this.attached.keys()) this.requestSync(name);
  }

  /**
   * Local updates wait for the end of the current event-loop turn: those applied in the same turn
   * (several sockets read at once under load) go out merged, as one message per document.
   */
  private queueUpdate(name: string, update: Uint8Array): void {
    const queued = this.queuedUpdates.get(name);
    if (queued) queued.push(update);
    else this.queuedUpdates.set(name, [update]);
    this.flushScheduled ??= setImmediate(this.publishQueuedUpdates);
  }

  private readonly publishQueuedUpdates = (): void => {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = null;
    for (const name of [...this.queuedUpdates.keys()]) this.publishQueued(name);
  };

  private publishQueued(name: string): void {
    const updates = this.queuedUpdates.get(name);
    if (!updates) return;
    this.queuedUpdates.delete(name);
    let merged: Uint8Array[] = updates;
    if (updates.length > 1) {
      try {
        merged = [Y.mergeUpdates(updates)];
      } catch {
        // Published one by one, as they came.
      }
    }
    for (const update of merged) this.publish(name, Kind.update, update);
  }

  private publish(name: string, kind: number, payload: Uint8Array, target = ""): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.instanceId);
    encoding.writeVarString(encoder, target);
    encoding.writeVarUint(encoder, kind);
    encoding.writeVarUint8Array(encoder, payload);
    this.pub.publish(this.prefix + name, Buffer.from(encoding.toUint8Array(encoder))).catch(() => {
      // Redis is away: the resync after reconnection makes up for it.
    });
  }

  private receive(channel: string, message: Buffer): void {
    if (!channel.startsWith(this.prefix)) return;
    const name = channel.slice(this.prefix.length);
    const document = this.attached.get(name)?.document;
    if (!document) return;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(message));
      const sender = decoding.readVarString(decoder);
      const target = decoding.readVarString(decoder);
      const kind = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (sender === this.instanceId || (target !== "" && target !== this.instanceId)) return;
      this.apply(document, sender, kind, payload);
    } catch (error) {
      this.logger.warn({ err: error, document: name }, "collab relay: message refused");
    }
  }

  private apply(document: SharedDocument, sender: string, kind: number, payload: Uint8Array): void {
    const { doc, awareness, name } = document;
    switch (kind) {
      case Kind.update:
      case Kind.syncDiff:
        document.applyUpdate(payload, RELAY_ORIGIN);
        return;
      case Kind.awareness:
        awarenessProtocol.applyAwarenessUpdate(awareness, payload, RELAY_ORIGIN);
        return;
      case Kind.syncRequest:
      case Kind.syncAnswer:
        this.publish(name, Kind.syncDiff, Y.encodeStateAsUpdate(doc, payload), sender);
        if (kind === Kind.syncRequest) {
          this.publish(name, Kind.syncAnswer, Y.encodeStateVector(doc), sender);
          const clients = [...awareness.getStates().keys()].filter((id) => id !== doc.clientID);
          if (clients.length > 0) {
            this.publish(name, Kind.awareness, awarenessProtocol.encodeAwarenessUpdate(awareness, clients), sender);
          }
        }
        return;
    }
  }
}
