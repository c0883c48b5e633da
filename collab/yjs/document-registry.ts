import * as Y from "yjs";
import { Connection } from "./connection";
import { silentLogger, type CollabLogger } from "./logger";
import type { DocumentPersistence } from "./persistence";
import { LOAD_ORIGIN, RELAY_ORIGIN, SharedDocument } from "./shared-document";

/** Keeps loaded documents converged with other instances (collab/relay/redis-relay.ts). */
export interface DocumentRelay {
  /** Subscribes and starts relaying; called before the document is fetched, so nothing falls in between. */
  attach(document: SharedDocument): Promise<void>;
  /** Once the stored state is in: asks the other instances for whatever this one still lacks. */
  requestSync(name: string): void;
  detach(name: string): Promise<void>;
  close(): Promise<void>;
}

interface HookContext {
  documentName: string;
  document: SharedDocument;
}

/** Lifecycle hooks, Hocuspocus style. A throwing hook is logged; only onLoad can fail a load. */
export interface DocumentHooks {
  /** After the stored state is applied, before any connection sees the document (seed content here). */
  onLoad?(context: HookContext): void | Promise<void>;
  /** Every change: from a connection here (`connection`), another instance (`remote`), or the server itself. */
  onChange?(context: HookContext & { update: Uint8Array; connection: Connection | null; remote: boolean }): void;
  /** Once an update is durably written (`update`), or the document compacted (`snapshot`). */
  onStore?(context: HookContext & { kind: "update" | "snapshot"; connection: Connection | null }): void;
  onDisconnect?(context: HookContext & { connection: Connection; remainingConnections: number }): void;
}

export interface DocumentRegistryOptions {
  persistence: DocumentPersistence;
  hooks?: DocumentHooks;
  relay?: DocumentRelay;
  logger?: CollabLogger;
  /** Compact after this many stored updates while the document stays loaded. */
  compactAfterUpdates?: number;
}

interface Entry {
  document: SharedDocument;
  /** Writes in flight: each resolves true once stored, false if it failed. */
  pendingStores: Set<Promise<boolean>>;
  storedSinceCompaction: number;
  compacting: Promise<void> | null;
  /** Server-side users of the document (withDocument): it stays loaded while they run. */
  pins: number;
}

/**
 * The loaded documents. A document is fetched on its first connection (concurrent connections
 * share one load), every local change is stored as it happens, and after its last connection
 * closes it is flushed, compacted and unloaded. A load waits for a previous unload of the same name.
 */
export class DocumentRegistry {
  private readonly loaded = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly logger: CollabLogger;
  private closing = false;

  constructor(private readonly options: DocumentRegistryOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** A loaded document, if any (tests, admin tools). */
  get(name: string): SharedDocument | undefined {
    return this.loaded.get(name)?.document;
  }

  get loadedNames(): string[] {
    return [...this.loaded.keys()];
  }

  /** Loads the document if needed and attaches the connection (unless it closed meanwhile). */
  async connect(name: string, connection: Connection): Promise<void> {
    for (;;) {
      if (this.closing) throw new Error("collab registry closing");
      const entry = await this.load(name);
      if (this.loaded.get(name) !== entry) continue; // unloaded in between: load it again
      if (connection.isClosed) return this.unloadIfIdle(name, entry);
      return connection.attach(entry.document);
    }
  }

  /**
   * Runs `use` on the loaded document (loading it if needed, keeping it loaded meanwhile), then
   * waits until the changes it made are stored, and unloads the document if nobody is connected.
   * For server-side changes such as restoring a version: they reach every peer and instance.
   */
  async withDocument<T>(name: string, use: (document: SharedDocument) => T | Promise<T>): Promise<T> {
    for (;;) {
      if (this.closing) throw new Error("collab registry closing");
      const entry = await this.load(name);
      if (this.loaded.get(name) !== entry) continue;
      entry.pins++;
      try {
        const result = await use(entry.document);
        while (entry.pendingStores.size > 0) await Promise.allSettled([...entry.pendingStores]);
        return result;
      } finally {
        entry.pins--;
        this.unloadIfIdle(name, entry);
      }
    }
  }

  /** Called when an attached connection closed. */
  disconnected(name: string, connection: Connection): void {
    const entry = this.loaded.get(name);
    if (!entry) return;
    this.hook("onDisconnect", () =>
      this.options.hooks?.onDisconnect?.({
        documentName: name,
        document: entry.document,
        connection,
        remainingConnections: entry.document.peerCount,
      }),
    );
    this.unloadIfIdle(name, entry);
  }

  /** Flushes and unloads every document; connect() refuses from now on. */
  async close(): Promise<void> {
    this.closing = true;
    for (;;) {
      await Promise.allSettled([...this.loading.values(), ...this.unloading.values()]);
      if (this.loaded.size === 0 && this.loading.size === 0 && this.unloading.size === 0) return;
      for (const [name, entry] of this.loaded) this.unload(name, entry, true);
    }
  }

  private load(name: string): Promise<Entry> {
    const existing = this.loaded.get(name);
    if (existing) return Promise.resolve(existing);
    let promise = this.loading.get(name);
    if (!promise) {
      promise = this.fetchEntry(name).finally(() => this.loading.delete(name));
      this.loading.set(name, promise);
    }
    return promise;
  }

  private async fetchEntry(name: string): Promise<Entry> {
    await this.unloading.get(name);
    const document = new SharedDocument(name);
    const entry: Entry = { document, pendingStores: new Set(), storedSinceCompaction: 0, compacting: null, pins: 0 };
    try {
      await this.options.relay?.attach(document);
      const state = await this.options.persistence.fetch(name);
      if (state) document.applyUpdate(state, LOAD_ORIGIN);
      document.whenStored = async () => (await Promise.all([...entry.pendingStores])).every(Boolean);
      document.doc.on("update", (update: Uint8Array, origin: unknown) => this.changed(name, entry, update, origin));
      await this.options.hooks?.onLoad?.({ documentName: name, document });
      this.options.relay?.requestSync(name);
    } catch (error) {
      await this.options.relay?.detach(name).catch(() => {});
      document.destroy();
      throw error;
    }
    this.loaded.set(name, entry);
    return entry;
  }

  private changed(name: string, entry: Entry, update: Uint8Array, origin: unknown): void {
    if (origin === LOAD_ORIGIN) return;
    const connection = origin instanceof Connection ? origin : null;
    const remote = origin === RELAY_ORIGIN;
    const context = { documentName: name, document: entry.document };
    this.hook("onChange", () => this.options.hooks?.onChange?.({ ...context, update, connection, remote }));
    if (remote) return; // stored by the instance it came from
    const store = this.options.persistence.storeUpdate(name, update).then(
      () => {
        this.hook("onStore", () => this.options.hooks?.onStore?.({ ...context, kind: "update", connection }));
        entry.storedSinceCompaction++;
        if (entry.storedSinceCompaction >= (this.options.compactAfterUpdates ?? 500)) {
          void this.compact(name, entry).catch((error: unknown) =>
            this.logger.error({ err: error, document: name }, "collab compaction failed"),
          );
        }
        return true;
      },
      (error) => {
        this.logger.error({ err: error, document: name }, "collab update not stored (kept in memory until unload)");
        return false;
      },
    );
    entry.pendingStores.add(store);
    const settled = () => void entry.pendingStores.delete(store);
    void store.then(settled, settled);
  }

  private compact(name: string, entry: Entry): Promise<void> {
    const compact = this.options.persistence.compact;
    if (!compact) return Promise.resolve();
    entry.compacting ??= (async () => {
      entry.storedSinceCompaction = 0;
      try {
        await compact.call(this.options.persistence, name, Y.encodeStateAsUpdate(entry.document.doc));
        this.hook("onStore", () =>
          this.options.hooks?.onStore?.({ documentName: name, document: entry.document, kind: "snapshot", connection: null }),
        );
      } catch (error) {
        this.logger.error({ err: error, document: name }, "collab compaction failed");
      } finally {
        entry.compacting = null;
      }
    })();
    return entry.compacting;
  }

  private unloadIfIdle(name: string, entry: Entry): void {
    if (entry.document.peerCount === 0 && entry.pins === 0) this.unload(name, entry, false);
  }

  private unload(name: string, entry: Entry, force: boolean): void {
    if (this.unloading.has(name)) return; // the running unload re-checks once flushed
    const run = async () => {
      while (entry.pendingStores.size > 0 || entry.compacting) {
        await Promise.allSettled([...entry.pendingStores, entry.compacting]);
      }
      // Someone connected while we were flushing: the document stays.
      if ((!force && (entry.document.peerCount > 0 || entry.pins > 0)) || this.loaded.get(name) !== entry) return;
      this.loaded.delete(name);
      try {
        await this.compact(name, entry);
      } finally {
        await this.options.relay?.detach(name).catch(() => {});
        entry.document.destroy();
      }
    };
    const promise: Promise<void> = run()
      .catch((error) => this.logger.error({ err: error, document: name }, "collab unload failed"))
      .finally(() => {
        if (this.unloading.get(name) === promise) this.unloading.delete(name);
      });
    this.unloading.set(name, promise);
  }

  private hook(name: keyof DocumentHooks, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.logger.error({ err: error, hook: name }, "collab hook failed");
    }
  }
}
