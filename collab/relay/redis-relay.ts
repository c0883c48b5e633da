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
/** How often the subscribers of documents believed alone are counted again (the safety net). */
const ALONE_RECHECK_MS = 1_000;

interface Attached {
  document: SharedDocument;
  stop(): void;
}

/**
 * Keeps a document converged across instances through Redis pub/sub, while it is loaded here.
 * Local updates and awareness are published on `collab:<name>`; remote ones are applied with
 * RELAY_ORIGIN so they are neither re-published nor stored again. After a load and after every
 * Redis reconnection the instances exchange state vectors, so whatever was missed is caught up.
 *
 * A document no other instance has loaded is not relayed (decision record 052): when a publish
 * reaches only this instance's own subscription, the document is "alone" and its updates and
 * awareness stay here. Another instance that loads it subscribes, then sends a sync request, whose
 * answer carries everything it lacks; any message from another instance, or a periodic count of the
 * channel's subscribers, ends the "alone" state. (PUBLISH counts the subscribers of one Redis node:
 * this relay assumes one Redis, not a cluster.)
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
  /** Channels this instance's subscription is confirmed on (a publish count of 1 then means: only us). */
  private readonly subscribed = new Set<string>();
  /** Documents no other instance listens to: their updates and awareness are not published. */
  private readonly alone = new Set<string>();
  /** Messages received from other instances, per document: a publish answered "only us" after one arrived proves nothing. */
  private readonly heardFromOthers = new Map<string, number>();
  private readonly aloneCheck: NodeJS.Timeout;

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
    // A lost subscription is not confirmed any more; until re-subscribed, nothing is taken as "alone".
    this.sub.on("close", () => {
      this.subscribed.clear();
      this.alone.clear();
    });
    this.aloneCheck = setInterval(() => {
      this.recountAlone().catch(() => {});
    }, ALONE_RECHECK_MS);
    this.aloneCheck.unref();
  }

  /** Whether the document's changes stay on this instance because no other one has it loaded. */
  isAlone(name: string): boolean {
    return this.alone.has(name);
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
    this.alone.delete(name);
    this.heardFromOthers.delete(name);
    this.subscribed.delete(this.prefix + name);
    // Not awaited: with Redis away it waits for the reconnection (and must not hold up an unload).
    this.sub.unsubscribe(this.prefix + name).catch(() => {});
  }

  async close(): Promise<void> {
    clearInterval(this.aloneCheck);
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
    const subscribing = this.sub.subscribe(...channels).then(
      () => {
        for (const channel of channels) this.subscribed.add(channel);
        return "subscribed" as const;
      },
      () => "failed" as const,
    );
    const result = await Promise.race([subscribing, timeout]);
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
    if (this.alone.has(name)) return;
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
    const broadcast = kind === Kind.update || kind === Kind.awareness;
    if (broadcast && this.alone.has(name)) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.instanceId);
    encoding.writeVarString(encoder, target);
    encoding.writeVarUint(encoder, kind);
    encoding.writeVarUint8Array(encoder, payload);
    const channel = this.prefix + name;
    const heard = this.heardFromOthers.get(name) ?? 0;
    this.pub.publish(channel, Buffer.from(encoding.toUint8Array(encoder))).then(
      (receivers) => {
        // Only our own subscription heard it: nobody else has the document loaded.
        const nothingSince = (this.heardFromOthers.get(name) ?? 0) === heard;
        if (broadcast && receivers <= 1 && nothingSince && this.subscribed.has(channel) && this.attached.has(name)) this.alone.add(name);
      },
      () => {
        // Redis is away: the resync after reconnection makes up for it.
      },
    );
  }

  /** Counts the subscribers of the "alone" documents' channels: more than us, and they are relayed again. */
  private async recountAlone(): Promise<void> {
    if (this.alone.size === 0 || this.pub.status !== "ready") return;
    const names = [...this.alone];
    try {
      const reply = (await this.pub.pubsub("NUMSUB", ...names.map((name) => this.prefix + name))) as (string | number)[];
      names.forEach((name, i) => {
        if (Number(reply[2 * i + 1]) > 1 && this.alone.delete(name)) this.requestSync(name);
      });
    } catch {
      // Redis is away: the next count, or the resync after reconnection, decides.
    }
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
      if (sender === this.instanceId) return;
      // Another instance has the document loaded: relay it again (its sync request brings it up to date).
      this.alone.delete(name);
      this.heardFromOthers.set(name, (this.heardFromOthers.get(name) ?? 0) + 1);
      if (target !== "" && target !== this.instanceId) return;
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
