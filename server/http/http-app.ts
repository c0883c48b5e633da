import express, { type Express } from "express";
import { extname } from "node:path";
import compression from "compression";
import { pinoHttp } from "pino-http";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import type { AppServices } from "../../domain/context";
import type { Logger } from "../logger";
import { securityHeaders } from "./security-headers";
import { originCheck } from "./origin-check";
import { sessionMiddleware } from "./session-middleware";
import { healthRoutes } from "./health-routes";
import { errorHandler } from "./error-handler";
import { isLoopbackHost } from "../config/loopback";
import { apiDataGuard } from "./api-data-guard";
import { withRouteErrorMapping } from "./route-error-mapping";
import { bodyLimits } from "./body-limits";

export interface HttpAppOptions {
  services: AppServices;
  logger: Logger;
  dev: boolean;
  /** The Remix build, or a getter returning the latest one (dev rebuilds). */
  getBuild: () => Promise<ServerBuild>;
  publicDir: string;
  assetsDir: string;
  /** Peers whose X-Forwarded-For gives the client address (TRUST_PROXY; loopback by default), or false. */
  trustProxy?: false | string[];
  /** Extra routers mounted before Remix (API, uploads…). */
  routers?: express.Router[];
}

export function createHttpApp(options: HttpAppOptions): Express {
  const { services, logger } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? ["loopback"]);
  app.use(compression());
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" || req.url?.startsWith("/build/") === true },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
    }),
  );
  // Security headers first: static files, health checks and errors carry them too (decision 026).
  app.use(securityHeaders({ dev: options.dev, publicUrl: services.config.publicUrl }));
  app.use(healthRoutes(services.pingDatabase));
  // Fingerprinted bundles never change: cache them for a year. Other public files: one hour.
  app.use("/build", express.static(options.assetsDir, { immutable: true, maxAge: "1y", index: false }));
  // Every public file has an extension; a page path (/login) skips the file-system lookup.
  const publicFiles = express.static(options.publicDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (extname(req.path) ? publicFiles(req, res, next) : next()));
  app.use(bodyLimits({ uploadMaxBytes: services.config.uploadMaxBytes }));
  app.use(originCheck(services.config.publicUrl));
  app.use(sessionMiddleware(services.db, services.config.secureCookies));
  for (const router of options.routers ?? []) app.use(router);
  app.use(apiDataGuard());
  const remixHandler = (build: ServerBuild | (() => Promise<ServerBuild>)) =>
    createRequestHandler({
      build,
      mode: options.dev ? "development" : "production",
      getLoadContext: (req, res) => ({
        services,
        session: res.locals.session ?? null,
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? "unknown",
        // The socket's peer, not req.ip: "trust proxy" makes req.ip follow X-Forwarded-For from loopback.
        fromLoopback: isLoopbackHost(req.socket.remoteAddress ?? ""),
      }),
    });
  // Given a getter, Remix re-derives its routes and static handler on every request (dev rebuilds);
  // in production the build never changes: derive once, on the first request.
  let production: ReturnType<typeof remixHandler> | undefined;
  app.all(
    "*",
    options.dev
      ? remixHandler(async () => withRouteErrorMapping(await options.getBuild()))
      : (req, res, next) => {
          if (production) return production(req, res, next);
          options.getBuild().then((build) => (production ??= remixHandler(withRouteErrorMapping(build)))(req, res, next), next);
        },
  );
  app.use(errorHandler(logger));
  return app;
}
