import type { RequestHandler } from "express";
import { t } from "../../domain/i18n/translate";
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
 * Bounds what a request may make the server read, before anything reads it (Remix parses a form
 * body in full in memory): the URL length (414), the body's declared length (413: 1 MiB for forms,
 * JSON and text; an upload page's multipart body up to UPLOAD_MAX_BYTES plus framing). A body
 * without a declared length (chunked) is accepted only as a multipart upload, which busboy bounds
 * part by part; elsewhere it is 411. The refusal is sent without reading the body and the
 * connection is closed, so a 60 MB body costs nothing. French page, or problem+json under /api/.
 */
export function bodyLimits(options: BodyLimitOptions): RequestHandler {
  return (req, res, next) => {
    const api = req.path.startsWith("/api/");
    if (req.originalUrl.length > URL_MAX_LENGTH) return refuse(res, api, 414, "validation.uriTooLong.title", "validation.uriTooLong");
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
    next();
  };
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers["transfer-encoding"] !== undefined || (headers["content-length"] !== undefined && headers["content-length"] !== "0");
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} Mo` : `${Math.round(bytes / 1024)} Ko`;
}

function refuse(
  res: Parameters<RequestHandler>[1],
  api: boolean,
  status: number,
  titleKey: string,
  messageKey: string,
  params: Record<string, string> = {},
): void {
  // The body is not read: close the connection once answered rather than drain it.
  res.setHeader("Connection", "close");
  res.status(status);
  if (api) {
    res.type("application/problem+json").set("Cache-Control", "no-store").send(problemJson(status, t(messageKey, params)));
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
