import type { RequestHandler } from "express";
import { t, type MessageKey } from "../../domain/i18n/translate";
import { problemJson } from "./route-error-mapping";

/** Largest form, JSON or text body (a long rich-text description is far below). */
export const FORM_BODY_MAX_BYTES = 1024 * 1024;
/** Room for the multipart framing and the text fields around an uploaded file. */
export const MULTIPART_OVERHEAD_BYTES = 256 * 1024;
/** Longest request target (path and query string) accepted. Node caps all headers at 16 KiB anyway. */
export const URL_MAX_LENGTH = 8 * 1024;

/** Pages whose actions stream a multipart upload through busboy (app/utils/upload.server.ts, its own per-part limits). */
const UPLOAD_PATHS = [
  /^\/organisme\/dossier\/televersement\/?$/,
  /^\/organisme\/dossier\/indicateur\/[^/]+\/?$/,
  /^\/organisme\/circuit-court\/?$/,
  /^\/financeur\/organismes\/[^/]+\/?$/,
];

export interface BodyLimitOptions {
  uploadMaxBytes: number;
}

/**
 * Refuses a path that is not valid percent-encoded UTF-8 (400), and bounds what a request may make the server read, before anything reads it (Remix parses a form
 * body in full in memory): the URL length (414), the body's declared length (413: 1 MiB for forms,
 * JSON and text; an upload page's multipart body up to UPLOAD_MAX_BYTES plus framing). A body
 * without a declared length (chunked) is accepted only as a multipart upload, which busboy bounds
 * part by part; elsewhere it is 411. The refusal is sent before any of the body is read; the rest
 * is dropped as it arrives (never held), within bounds. French page, or problem+json under /api/.
 */
export function bodyLimits(options: BodyLimitOptions): RequestHandler {
  return (req, res, next) => {
    const api = req.path.startsWith("/api/");
    if (req.originalUrl.length > URL_MAX_LENGTH) return refuse(res, api, 414, "validation.uriTooLong.title", "validation.uriTooLong");
    if (!decodable(req.path)) return refuse(res, api, 400, "validation.input.title", "validation.url.invalid");
    if (!hasBody(req.headers)) return next();
    const multipart = /^multipart\/form-data/i.test(req.headers["content-type"] ?? "");
    const upload = multipart && UPLOAD_PATHS.some((path) => path.test(req.path));
    const max = upload ? options.uploadMaxBytes + MULTIPART_OVERHEAD_BYTES : FORM_BODY_MAX_BYTES;
    const declared = req.headers["content-length"];
    if (declared === undefined) {
      if (upload) return next();
      return refuse(res, api, 411, "validation.tooLarge.title", "validation.lengthRequired");
    }
    if (Number(declared) > max) {
      return refuse(res, api, 413, "validation.tooLarge.title", "validation.tooLarge", { max: formatBytes(max) });
    }
    // A page may answer (redirect to /login, 403…) before reading the body: the rest is dropped the same way.
    discardUnreadBodyAfterAnswer(req, res);
    next();
  };
}

/** A path whose percent-escapes are not UTF-8 (e.g. a lone surrogate) cannot name anything: Remix would answer 500. */
function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers["transfer-encoding"] !== undefined || (headers["content-length"] !== undefined && headers["content-length"] !== "0");
}

/** Most of a refused body discarded after the answer, so the client reads the answer rather than a reset. */
const DISCARD_MAX_BYTES = 64 * 1024 * 1024;
const DISCARD_MAX_MS = 10_000;

/**
 * The refused body is never parsed nor kept: once the answer is sent, what the client is still
 * sending is read and dropped (a few kilobytes in memory at a time), up to DISCARD_MAX_BYTES or
 * DISCARD_MAX_MS; past those the connection is closed. Closing at once would make the client's
 * kernel see a reset and drop our answer before the browser shows it.
 */
function discardUnreadBodyAfterAnswer(req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]): void {
  res.once("finish", () => {
    if (req.complete || req.destroyed) return;
    // Remix's request body reader still holds the stream paused once its buffer is full: detach it.
    req.removeAllListeners("data");
    let discarded = 0;
    const stop = () => {
      clearTimeout(timer);
      req.socket.destroy();
    };
    const timer = setTimeout(stop, DISCARD_MAX_MS);
    timer.unref();
    req.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > DISCARD_MAX_BYTES) stop();
    });
    req.once("end", () => clearTimeout(timer));
    req.resume();
  });
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} Mo` : `${Math.round(bytes / 1024)} Ko`;
}

function refuse(
  res: Parameters<RequestHandler>[1],
  api: boolean,
  status: number,
  titleKey: MessageKey,
  messageKey: MessageKey,
  params: Record<string, string> = {},
): void {
  discardUnreadBodyAfterAnswer(res.req, res);
  res.status(status);
  if (api) {
    res
      .type("application/problem+json")
      .set("Cache-Control", "no-store")
      .send(problemJson(status, t(messageKey, params)));
    return;
  }
  // The upload form's script asks for JSON and shows `message` (the shape of the upload route's replies).
  if (/application\/json/i.test(res.req.headers.accept ?? "")) {
    res.json({ ok: false, message: t(messageKey, params) });
    return;
  }
  const title = t(titleKey);
  res
    .type("html")
    .send(
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title} — Datadock</title></head>` +
        `<body><main><p>Erreur ${status}</p><h1>${title}</h1><p>${t(messageKey, params)}</p><p><a href="/">${t("errors.backHome")}</a></p></main></body></html>`,
    );
}
