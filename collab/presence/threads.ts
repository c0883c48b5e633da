import { THREAD_CODE, TYPING_THROTTLE_MS, threadsRoom, type ThreadRef } from "../shared/thread-events";
import type { SocketHandlers } from "./index";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refOf(payload: unknown): ThreadRef | null {
  if (!payload || typeof payload !== "object") return null;
  const { dossierId, code } = payload as Record<string, unknown>;
  if (typeof dossierId !== "string" || !UUID.test(dossierId) || typeof code !== "string" || !THREAD_CODE.test(code)) return null;
  return { dossierId: dossierId.toLowerCase(), code };
}

/**
 * Live indicator threads: watching a dossier's threads (authorised like a dossier room join) and typing
 * signals (throttled), relayed to the other watchers of that dossier only. Changes (messages, read
 * state, resolve/reopen) are not taken from clients: the server emits `thread:changed` after the
 * commit (Presence.threadChanged, called through the portal's live events).
 */
export const registerThreadHandlers: SocketHandlers = (_io, socket, options) => {
  const { identity } = socket.data;
  const last = new Map<string, number>();
  const allowed = (key: string, every: number) => {
    const now = Date.now();
    if (now - (last.get(key) ?? 0) < every) return false;
    last.set(key, now);
    return true;
  };

  socket.on("threads:watch", async (dossierId, reply) => {
    const answer = typeof reply === "function" ? reply : () => {};
    if (typeof dossierId !== "string" || !UUID.test(dossierId)) return answer({ ok: false, error: "invalid" });
    const access = await options.authorizeDossier(identity, dossierId.toLowerCase()).catch(() => null);
    if (!access || !socket.connected) return answer({ ok: false, error: "forbidden" });
    await socket.join(threadsRoom(dossierId));
    answer({ ok: true });
  });

  socket.on("threads:unwatch", async (dossierId) => {
    if (typeof dossierId !== "string" || !UUID.test(dossierId)) return;
    await socket.leave(threadsRoom(dossierId));
  });

  socket.on("thread:typing", (payload) => {
    const ref = refOf(payload);
    if (!ref || !socket.rooms.has(threadsRoom(ref.dossierId))) return;
    if (!allowed(`typing:${ref.dossierId}:${ref.code}`, TYPING_THROTTLE_MS / 2)) return;
    socket
      .to(threadsRoom(ref.dossierId))
      .emit("thread:typing", { ...ref, userId: identity.userId, name: identity.name, role: identity.role });
  });
};
