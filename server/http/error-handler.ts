import type { ErrorRequestHandler } from "express";
import { isDatabaseUnavailable } from "../../domain/database-unavailable";
import { isApiPath, PROBLEM_CONTENT_TYPE } from "../../domain/api/problem";
import { isDataException } from "../../domain/validation/data-exception";
import { t, type MessageKey } from "../../domain/i18n/translate";
import type { Logger } from "../logger";
import { problemJson } from "./route-error-mapping";

/**
 * Last resort for errors outside Remix (middleware, database down while reading the session):
 * 503 when the database is unreachable, 400 when the input was refused by PostgreSQL as data
 * (e.g. a NUL byte in a cookie reaching a query; problem+json under /api/), 500 otherwise.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const unavailable = isDatabaseDown(error);
    const badInput = !unavailable && isDataException(error);
    if (unavailable) logger.warn({ err: error, url: req.url }, "database unreachable");
    else if (badInput) logger.warn({ err: error, url: req.url }, "input refused by the database");
    else logger.error({ err: error, url: req.url }, "unhandled request error");
    if (res.headersSent) return res.end();
    const status = unavailable ? 503 : badInput ? 400 : 500;
    const [titleKey, messageKey]: [MessageKey, MessageKey] =
      status === 503
        ? ["errors.unavailable.title", "errors.unavailable"]
        : status === 400
          ? ["validation.input.title", "validation.input.invalid"]
          : ["errors.server.title", "errors.server"];
    if (unavailable) res.setHeader("Retry-After", "5");
    res.status(status);
    if (isApiPath(req.path)) {
      const detail =
        status === 503
          ? "The database is not answering; try again shortly."
          : status === 400
            ? t(messageKey)
            : "The request could not be completed.";
      res.type(PROBLEM_CONTENT_TYPE).setHeader("Cache-Control", "no-store");
      res.send(problemJson(status, detail));
      return;
    }
    const title = t(titleKey);
    res
      .type("html")
      .send(
        `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title></head>` +
          `<body><main><h1>${title}</h1><p>${t(messageKey)}</p></main></body></html>`,
      );
  };
}

/** The database cannot be reached: the error itself or one of its causes (drivers and pools wrap them). */
function isDatabaseDown(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (isDatabaseUnavailable(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
