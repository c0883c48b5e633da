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
    if (
      (origin === publicOrigin || origin === hostOrigin) &&
      originMatchesAddressedHost(origin, req.get("x-forwarded-host"), req.get("host"))
    ) {
      return next();
    }
    res.status(403).type("text/plain; charset=utf-8").send(t("errors.foreignOrigin"));
  };
}

/**
 * Remix aborts an action (with a 500) when the Origin's host differs from X-Forwarded-Host (its
 * first value) or else Host — e.g. PUBLIC_URL's origin reaching us through a proxy that rewrites
 * Host without X-Forwarded-Host. The same comparison here answers such requests with the French 403.
 */
function originMatchesAddressedHost(origin: string, forwardedHost: string | undefined, host: string | undefined): boolean {
  const addressed = forwardedHost?.split(",")[0]?.trim() || host;
  if (!addressed) return false;
  try {
    return new URL(origin).host === addressed;
  } catch {
    return false;
  }
}
