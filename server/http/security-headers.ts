import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";
import helmet from "helmet";

export interface SecurityHeaderOptions {
  dev: boolean;
  /** The public origin (PUBLIC_URL): HSTS and upgrade-insecure-requests only when it is https. */
  publicUrl: string;
}

/**
 * Helmet with a CSP the app satisfies: scripts only from self or with the per-request nonce
 * (Remix's inline hydration scripts get it through entry.server), websockets to self. Mounted before
 * everything that answers (static files, health, API, Remix, errors), so every response carries them.
 *
 * Strict-Transport-Security goes only on responses that travel over https: PUBLIC_URL is https AND
 * Express sees the request as secure (TLS here, or `X-Forwarded-Proto: https` from a trusted proxy,
 * per the app's `trust proxy` setting). Never in development (it would pin localhost). See decision 026.
 */
export function securityHeaders(options: SecurityHeaderOptions): RequestHandler[] {
  const httpsOrigin = options.publicUrl.startsWith("https://");
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  };
  const devSources = options.dev ? ["ws://localhost:3001", "http://localhost:3001"] : [];
  const csp = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
        // Radix's scroll lock (react-remove-scroll) injects a <style> element: it carries the nonce (entry.client).
        "style-src": ["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
        // Collaboration carets and the editor set inline style attributes (colours, positions).
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", ...devSources],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
        ...(httpsOrigin && !options.dev ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
    referrerPolicy: { policy: "same-origin" },
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: 365 * 24 * 60 * 60, includeSubDomains: true });
  const hstsOnHttps: RequestHandler = (req, res, next) => (httpsOrigin && !options.dev && req.secure ? hsts(req, res, next) : next());
  return [nonce, csp, hstsOnHttps];
}
