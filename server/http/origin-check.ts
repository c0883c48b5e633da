import type { RequestHandler } from "express";
import { t } from "../../domain/i18n/translate";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses mutating requests sent by another site (CSRF defence in depth beside SameSite=Lax):
 * the Origin header, when present, must be PUBLIC_URL's origin or the origin the request was
 * addressed to. Requests without Origin (scripts, older clients) carry no ambient browser intent.
 * API calls authenticate with keys, not cookies, and are exempt.
 */
export function originCheck(publicUrl: string): RequestHandler {
  const publicOrigin = new URL(publicUrl).origin;
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method) || req.path.startsWith("/api/")) return next();
    const origin = req.get("origin");
    if (!origin) return next();
    const hostOrigin = `${req.protocol}://${req.get("host")}`;
    if (origin === publicOrigin || origin === hostOrigin) return next();
    res.status(403).type("text/plain; charset=utf-8").send(t("errors.foreignOrigin"));
  };
}
