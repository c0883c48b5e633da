import type { ErrorRequestHandler } from "express";
import { t } from "../../domain/i18n/translate";
import type { Logger } from "../logger";

/** Last resort for errors outside Remix (middleware, database down while reading the session). */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    logger.error({ err: error, url: req.url }, "unhandled request error");
    if (res.headersSent) return res.end();
    const unavailable = isDatabaseDown(error);
    res
      .status(unavailable ? 503 : 500)
      .type("html")
      .send(
        `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${t(unavailable ? "errors.unavailable.title" : "errors.server.title")}</title></head>` +
          `<body><main><h1>${t(unavailable ? "errors.unavailable.title" : "errors.server.title")}</h1><p>${t(unavailable ? "errors.unavailable" : "errors.server")}</p></main></body></html>`,
      );
  };
}

export function isDatabaseDown(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  const message = String((error as Error | null)?.message ?? "");
  return (
    code === "ECONNREFUSED" ||
    code === "57P01" ||
    code === "57P03" ||
    /connect|terminat|Connection|timeout/i.test(message)
  );
}
