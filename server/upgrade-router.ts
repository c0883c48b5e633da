import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * One HTTP server, one upgrade router: socket.io handles /socket.io itself (destroyUpgrade: false),
 * /collab/* goes to the Yjs server, anything else is destroyed.
 */
export function installUpgradeRouter(server: Server, routes: { prefix: string; handle: UpgradeHandler | null }[]): void {
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = req.url ?? "/";
    for (const route of routes) {
      if (path.startsWith(route.prefix)) {
        if (route.handle) route.handle(req, socket, head);
        return;
      }
    }
    socket.destroy();
  });
}
