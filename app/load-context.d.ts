import type { AppServices } from "../domain/context";
import type { ValidatedSession } from "../domain/accounts/session.service";

interface DatadockLoadContext {
  services: AppServices;
  /** The validated session of this request (server/http/session-middleware.ts), or null. */
  session: ValidatedSession | null;
  cspNonce: string;
  clientIp: string;
  /**
   * The TCP peer is this machine (the socket's remote address, never a forwarded header).
   * Absent means no: the demo mailbox answers only when true.
   */
  fromLoopback?: boolean;
}

declare module "@remix-run/node" {
  interface AppLoadContext extends DatadockLoadContext {}
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends DatadockLoadContext {}
}
