import type { AppServices } from "../domain/context";

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: AppServices;
  }
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    services: AppServices;
  }
}
