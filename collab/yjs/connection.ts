import { randomUUID } from "node:crypto";
import { WebSocket, type RawData } from "ws";
import { CloseCode } from "../shared/close-codes";
import { colourFor } from "../shared/user-colour";
import { ChangeRefused } from "./annotation-guard";
import type { ParsedDocumentName } from "../shared/document-names";
import type { CollabLogger } from "./logger";
import { ProtocolError, decodeClientMessage } from "./protocol";
import type { DocumentPeer, SharedDocument } from "./shared-document";

export interface CollabIdentity extends Record<string, unknown> {
  userId: string;
  /** The name others see on this user's caret (from the session); absent: awareness is left as sent. */
  name?: string;
}

/** What a connection may do with its document: read, write, or write and change what others wrote. */
export type DocumentAccess = "moderate" | "write" | "read";

export interface ConnectionOptions {
  logger: CollabLogger;
  /** Ping interval; a peer that has not answered the previous ping is terminated. */
  keepaliveMs?: number;
  /** Frames (and bytes) kept while authenticating and loading; more closes with 1008. */
  maxPendingFrames?: number;
  maxPendingBytes?: number;
  /** A peer this far behind in reading (bytes queued) is closed with 1013: it reconnects and resyncs. */
  maxBufferedBytes?: number;
  /** The client asked for "stored" acknowledgements (`?ack=stored`). */
  acknowledgesStores?: boolean;
  onClose?(connection: Connection, code: number): void;
}

/**
 * One WebSocket, from upgrade to close. Frames are queued until the connection is identified
 * and attached to its document, then decoded and handed to the document; a read-only connection
 * receives everything but its updates are ignored (SharedDocument.receive). Any protocol error
 * closes with 1003 before the document is touched.
 */
export class Connection implements DocumentPeer {
  readonly id = randomUUID();
  readonly startedAt = Date.now();
  identity: CollabIdentity | null = null;
  document: ParsedDocumentName | null = null;
  readOnly = true;
  moderator = false;
  displayUser: { name: string; color: string } | null = null;
  readonly acknowledgesStores: boolean;
  private shared: SharedDocument | null = null;
  private pending: RawData[] = [];
  private pendingBytes = 0;
  private alive = true;
  private closed = false;
  private readonly keepalive: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly options: ConnectionOptions,
  ) {
    this.acknowledgesStores = options.acknowledgesStores ?? false;
    ws.binaryType = "nodebuffer";
    ws.on("message", this.onMessage);
    ws.on("pong", () => (this.alive = true));
    ws.on("error", (error) => options.logger.warn({ err: error, connection: this.id }, "collab socket error"));
    ws.on("close", (code) => this.finish(code));
    this.keepalive = setInterval(this.ping, options.keepaliveMs ?? 30_000);
    this.keepalive.unref();
  }

  get userId(): string {
    return this.identity?.userId ?? "";
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Whether the connection joined its document (then its close must be reported to the registry). */
  get isAttached(): boolean {
    return this.shared !== null;
  }

  identify(identity: CollabIdentity, document: ParsedDocumentName, access: DocumentAccess): void {
    this.identity = identity;
    this.document = document;
    this.readOnly = access === "read";
    this.moderator = access === "moderate";
    this.displayUser = typeof identity.name === "string" ? { name: identity.name, color: colourFor(identity.userId).hex } : null;
  }

  /** Joins the document (sync step 1 + awareness go out), then replays the queued frames. */
  attach(shared: SharedDocument): void {
    if (this.closed) return;
    this.shared = shared;
    shared.addPeer(this);
    const queued = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    for (const data of queued) this.handle(data);
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > (this.options.maxBufferedBytes ?? 32 * 1024 * 1024)) {
      this.close(CloseCode.tryAgainLater, "slow consumer");
      return;
    }
    this.ws.send(frame, { binary: true }, () => {});
  }

  /** Closes with a code (the reason is cut to the 123 bytes a close frame allows). */
  close(code: number, reason = ""): void {
    if (this.closed) return;
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, Buffer.from(reason).subarray(0, 123).toString());
    }
    this.finish(code);
  }

  /** Drops the TCP connection without a close handshake (dead peers, shutdown stragglers). */
  terminate(): void {
    this.ws.terminate();
    this.finish(1006);
  }

  /** Resolves once the socket is fully closed. */
  whenSocketClosed(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => this.ws.once("close", () => resolve()));
  }

  private readonly onMessage = (data: RawData, isBinary: boolean): void => {
    this.alive = true;
    if (this.closed) return;
    if (!isBinary) return this.close(CloseCode.unsupportedData, "binary frames only");
    if (this.shared) return this.handle(data);
    this.pending.push(data);
    this.pendingBytes += byteLength(data);
    if (
      this.pending.length > (this.options.maxPendingFrames ?? 64) ||
      this.pendingBytes > (this.options.maxPendingBytes ?? 6 * 1024 * 1024)
    ) {
      this.close(CloseCode.policyViolation, "too much data before ready");
    }
  };

  private handle(data: RawData): void {
    if (this.closed || !this.shared) return;
    // One copy (not a view: binary content Yjs keeps would otherwise pin ws's whole read buffer).
    const bytes = Array.isArray(data) ? new Uint8Array(Buffer.concat(data)) : new Uint8Array(data as Buffer | ArrayBuffer);
    try {
      this.shared.receive(this, decodeClientMessage(bytes));
    } catch (error) {
      if (error instanceof ChangeRefused) {
        this.options.logger.warn(
          { connection: this.id, document: this.shared.name, user: this.userId, reason: error.message },
          "collab change refused",
        );
        this.close(CloseCode.forbidden, "change refused");
      } else if (error instanceof ProtocolError) {
        this.options.logger.warn({ connection: this.id, document: this.shared.name, reason: error.message }, "collab frame refused");
        this.close(CloseCode.unsupportedData, "malformed message");
      } else {
        this.options.logger.error({ err: error, connection: this.id, document: this.shared.name }, "collab frame failed");
        this.close(CloseCode.internalError, "internal error");
      }
    }
  }

  private readonly ping = (): void => {
    if (!this.alive) return this.terminate();
    this.alive = false;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
  };

  private finish(code: number): void {
    clearInterval(this.keepalive);
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.shared?.removePeer(this);
    this.options.onClose?.(this, code);
  }
}

function byteLength(data: RawData): number {
  return Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength;
}
