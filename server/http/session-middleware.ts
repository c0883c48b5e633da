import type { RequestHandler } from "express";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { validateSessionToken } from "../../domain/accounts/session.service";
import { readSessionToken, serializeSessionCookie } from "../../domain/accounts/session-cookie";

/**
 * Validates the session cookie once per request and exposes the result to Remix (load context)
 * and to API handlers. A renewed expiry re-sends the cookie; an unknown token clears it.
 */
export function sessionMiddleware(db: Kysely<Database>, secure: boolean): RequestHandler {
  return async (req, res, next) => {
    res.locals.session = null;
    const token = readSessionToken(req.headers.cookie);
    if (!token) return next();
    try {
      const session = await validateSessionToken(db, token);
      if (!session) {
        res.append("Set-Cookie", serializeSessionCookie("", new Date(0), secure));
      } else {
        res.locals.session = session;
        if (session.renewed) res.append("Set-Cookie", serializeSessionCookie(token, session.expiresAt, secure));
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
