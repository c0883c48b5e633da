import express, { type Express } from "express";
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
  /** Extra routers mounted before Remix (API, uploads…). */
  routers?: express.Router[];
}

export function createHttpApp(options: HttpAppOptions): Express {
  const { services, logger } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(compression());
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" || req.url?.startsWith("/build/") === true },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
    }),
  );
  app.use(healthRoutes(services.pingDatabase));
  // Fingerprinted bundles never change: cache them for a year. Other public files: one hour.
  app.use("/build", express.static(options.assetsDir, { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static(options.publicDir, { maxAge: "1h", index: false }));
  app.use(securityHeaders({ dev: options.dev }));
  app.use(bodyLimits({ uploadMaxBytes: services.config.uploadMaxBytes }));
  app.use(originCheck(services.config.publicUrl));
  app.use(sessionMiddleware(services.db, services.config.secureCookies));
  for (const router of options.routers ?? []) app.use(router);
  const remixHandler = (build: ServerBuild | (() => Promise<ServerBuild>)) =>
    createRequestHandler({
      build,
      mode: options.dev ? "development" : "production",
      getLoadContext: (req, res) => ({
        services,
        session: res.locals.session ?? null,
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? "unknown",
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
