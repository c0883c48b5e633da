import { expertRoom } from "../shared/events";
import type { SocketHandlers } from "./index";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The expert's live room of one request (issue 15.7, decision record 044): joined by its expert only,
 * authorised on every join through the expert access (`authorizeExpertRequest` → canActAsExpert, the
 * rule behind every door of an expert). It hears `expert:changed` (no content: the page reloads);
 * a withdrawal is its last event, after which the server takes its sockets out (Presence.expertRequestChanged),
 * and a join again is refused. The expert never joins the dossier's room (its presence and OF threads).
 */
export const registerExpertHandlers: SocketHandlers = (_io, socket, options) => {
  const { identity } = socket.data;

  socket.on("expert:join", async (requestId, reply) => {
    const answer = typeof reply === "function" ? reply : () => {};
    if (typeof requestId !== "string" || !UUID.test(requestId)) return answer({ ok: false, error: "invalid" });
    const access = options.authorizeExpertRequest
      ? await options.authorizeExpertRequest(identity, requestId.toLowerCase()).catch(() => null)
      : null;
    if (!access || !socket.connected) return answer({ ok: false, error: "forbidden" });
    await socket.join(expertRoom(requestId));
    answer({ ok: true });
  });

  socket.on("expert:leave", async (requestId) => {
    if (typeof requestId !== "string" || !UUID.test(requestId)) return;
    await socket.leave(expertRoom(requestId));
  });
};
