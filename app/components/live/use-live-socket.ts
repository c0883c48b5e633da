import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { PRESENCE_PATH, type ClientToServerEvents, type ServerToClientEvents } from "../../../collab/shared/events";

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One socket.io connection for the page's lifetime (browser only: opened in an effect), same origin,
 * authenticated by the session cookie. `onConnect` runs at every (re)connection, e.g. to join rooms again.
 */
export function useLiveSocket(onConnect: (socket: LiveSocket) => (() => void) | void): { socket: LiveSocket | null; connected: boolean } {
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    // websocket only: several instances behind a load balancer need no sticky sessions.
    const s: LiveSocket = io({ path: PRESENCE_PATH, transports: ["websocket"], withCredentials: true });
    let cleanup: (() => void) | void;
    s.on("connect", () => {
      setConnected(true);
      cleanup?.();
      cleanup = onConnect(s);
    });
    s.on("disconnect", () => setConnected(false));
    setSocket(s);
    return () => {
      cleanup?.();
      s.disconnect();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one connection per mount
  }, []);
  return { socket, connected };
}
