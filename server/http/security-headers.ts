import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Helmet with a CSP the app satisfies: scripts only from self or with the per-request nonce
 * (Remix's inline hydration scripts get it through entry.server), websockets to self.
 */
export function securityHeaders(options: { dev: boolean }): RequestHandler[] {
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
        "style-src": ["'self'"],
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
        ...(options.dev ? {} : { "upgrade-insecure-requests": null }),
      },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: options.dev ? false : undefined,
    referrerPolicy: { policy: "same-origin" },
  });
  return [nonce, csp];
}
