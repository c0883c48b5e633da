import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { isDomainError } from "../domain/errors";
import { CloseCode } from "./shared/close-codes";
import { parseDocumentName, type ParsedDocumentName } from "./shared/document-names";
import type { CollabIdentity, DocumentAccess } from "./yjs/connection";

export type { DocumentAccess };

export interface AccessChecks {
  /** Who is connecting (session cookie), or null. */
  authenticate(req: IncomingMessage): Promise<CollabIdentity | null>;
  /** What they may do with this document, or null for nothing. */
  authorize(identity: CollabIdentity, document: ParsedDocumentName): Promise<DocumentAccess | null>;
}

export type AccessResult = { ok: true; identity: CollabIdentity; access: DocumentAccess } | { ok: false; code: number; reason: string };

/** `/collab/<documentName>` (URL-decoded, query ignored) → the parsed name, or null. */
export function documentFromUrl(url: string | undefined, prefix: string): ParsedDocumentName | null {
  const path = (url ?? "").split("?")[0] ?? "";
  if (!path.startsWith(prefix)) return null;
  try {
    return parseDocumentName(decodeURIComponent(path.slice(prefix.length)));
  } catch {
    return null; // malformed %-escape
  }
}

/** Authentication then authorisation, mapped to close codes in this one place. */
export async function checkAccess(
  checks: AccessChecks,
  req: IncomingMessage,
  document: ParsedDocumentName,
  timeoutMs: number,
  onError: (error: unknown) => void,
): Promise<AccessResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<AccessResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, code: CloseCode.tryAgainLater, reason: "authentication timed out" }), timeoutMs);
  });
  const check = async (): Promise<AccessResult> => {
    const identity = await checks.authenticate(req);
    if (!identity || typeof identity.userId !== "string" || identity.userId === "") {
      return { ok: false, code: CloseCode.unauthenticated, reason: "unauthenticated" };
    }
    const access = await checks.authorize(identity, document);
    if (access !== "moderate" && access !== "write" && access !== "read")
      return { ok: false, code: CloseCode.forbidden, reason: "forbidden" };
    return { ok: true, identity, access };
  };
  try {
    const checked = check().catch((error: unknown) => {
      onError(error);
      return closeForError(error);
    });
    return await Promise.race([checked, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Domain errors thrown by the callbacks become close codes; anything else is an internal error. */
export function closeForError(error: unknown): AccessResult {
  if (isDomainError(error)) {
    if (error.kind === "unauthenticated") return { ok: false, code: CloseCode.unauthenticated, reason: "unauthenticated" };
    if (error.kind === "forbidden" || error.kind === "not_found") return { ok: false, code: CloseCode.forbidden, reason: "forbidden" };
    if (error.kind === "validation") return { ok: false, code: CloseCode.badRequest, reason: "bad request" };
    if (error.kind === "rate_limited" || error.kind === "unavailable") {
      return { ok: false, code: CloseCode.tryAgainLater, reason: "try again later" };
    }
  }
  return { ok: false, code: CloseCode.internalError, reason: "internal error" };
}

/** Answers an upgrade request with a plain HTTP error and drops the socket (no WebSocket is opened). */
export function rejectUpgrade(socket: Duplex, status: 403 | 503, text: string): void {
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
  );
}
