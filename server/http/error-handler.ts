import type { ErrorRequestHandler } from "express";
import { isDatabaseUnavailable } from "../../domain/database-unavailable";
import { isApiPath, PROBLEM_CONTENT_TYPE, problemDetails } from "../../domain/api/problem";
import { t } from "../../domain/i18n/translate";
import type { Logger } from "../logger";

/** Last resort for errors outside Remix (middleware, database down while reading the session). */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const unavailable = isDatabaseDown(error);
    if (unavailable) logger.warn({ err: error, url: req.url }, "database unreachable");
    else logger.error({ err: error, url: req.url }, "unhandled request error");
    if (res.headersSent) return res.end();
    const title = t(unavailable ? "errors.unavailable.title" : "errors.server.title");
    if (unavailable) res.setHeader("Retry-After", "5");
    if (isApiPath(req.path)) {
      const status = unavailable ? 503 : 500;
      const detail = unavailable ? "The database is not answering; try again shortly." : "The request could not be completed.";
      res.status(status).type(PROBLEM_CONTENT_TYPE).setHeader("Cache-Control", "no-store");
      res.send(JSON.stringify(problemDetails(status, detail)));
      return;
    }
    res
      .status(unavailable ? 503 : 500)
      .type("html")
      .send(
        `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title></head>` +
          `<body><main><h1>${title}</h1><p>${t(unavailable ? "errors.unavailable" : "errors.server")}</p></main></body></html>`,
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
