import type { RequestHandler } from "express";
import { isApiPath } from "../../domain/api/problem";

/**
 * Remix's own data requests (single fetch `….data`, `?_data=`) would run an /api/v1 route's loader
 * or action and answer a turbo-stream. They are not API calls: before Remix sees them, they are
 * sent to a path the API does not have, so the API's catch-all answers 404 problem+json and no
 * handler runs.
 */
const NOT_AN_API_PATH = "/api/v1/~not-an-api-resource";

export function apiDataGuard(): RequestHandler {
  return (req, _res, next) => {
    if (isApiPath(req.path) && (req.path.endsWith(".data") || "_data" in req.query)) {
      // Remix builds its Request from originalUrl.
      req.url = NOT_AN_API_PATH;
      req.originalUrl = NOT_AN_API_PATH;
    }
    next();
  };
}
